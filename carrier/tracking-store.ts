/** Tracking routes (tracking number → claim and leg) and received tracking events, in MongoDB. */
import type { Collection, Db } from 'mongodb';
import type { LegKind, TrackingStatus } from '../domain/types';
import { CarrierCollections } from './indexes';
import { statusRank } from './tracking-order';

/** Where a tracking number's events go, and how far the leg has come. `_id` is the tracking number. */
export interface TrackingRoute {
  _id: string;
  trackingNumber: string;
  claimId: string;
  leg: LegKind;
  carrier: string;
  /** False once the leg reached a final status or its label was voided (the poller skips it). */
  active: boolean;
  registered: boolean;
  lastRank?: number;
  lastOccurredAt?: string;
  lastStatus?: TrackingStatus;
  /** Last time an event arrived or the carrier was polled. */
  lastUpdateAt: Date;
  createdAt: Date;
}

/** A received event; `_id` is the event key. `delivered` turns true once handed to the workflow. */
export interface TrackingEventRecord {
  _id: string;
  eventKey: string;
  trackingNumber: string;
  status: TrackingStatus;
  occurredAt: string;
  outcome: 'received' | 'delivered' | 'stale';
  receivedAt: Date;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Store over `tracking_numbers` and `tracking_events`. */
export function createTrackingStore(db: Db) {
  const routes: Collection<TrackingRoute> = db.collection<TrackingRoute>(CarrierCollections.trackingNumbers);
  const events: Collection<TrackingEventRecord> = db.collection<TrackingEventRecord>(CarrierCollections.trackingEvents);

  return {
    /** Records where a tracking number routes (idempotent: upsert by tracking number, existing progress kept). */
    async saveRoute(route: { trackingNumber: string; claimId: string; leg: LegKind; carrier: string }, now: Date): Promise<TrackingRoute> {
      const saved = await routes.findOneAndUpdate(
        { _id: route.trackingNumber },
        {
          $set: { claimId: route.claimId, leg: route.leg, carrier: route.carrier },
          $setOnInsert: { trackingNumber: route.trackingNumber, active: true, registered: false, lastUpdateAt: now, createdAt: now },
        },
        { upsert: true, returnDocument: 'after' },
      );
      if (!saved) throw new Error(`tracking route ${route.trackingNumber} was not saved`);
      return saved;
    },

    /** Marks the number as registered with the carrier for webhooks (idempotent). */
    async markRegistered(trackingNumber: string): Promise<void> {
      await routes.updateOne({ _id: trackingNumber }, { $set: { registered: true } });
    },

    /** Stops polling a number (idempotent). */
    async deactivate(trackingNumber: string): Promise<void> {
      await routes.updateOne({ _id: trackingNumber }, { $set: { active: false } });
    },

    /** The route of a tracking number (indexed read). */
    findRoute(trackingNumber: string): Promise<TrackingRoute | null> {
      return routes.findOne({ _id: trackingNumber });
    },

    /** Active routes with no update since `before`, oldest first. */
    staleRoutes(before: Date, limit: number): Promise<TrackingRoute[]> {
      return routes.find({ active: true, lastUpdateAt: { $lt: before } }).sort({ lastUpdateAt: 1 }).limit(limit).toArray();
    },

    /** Notes that the carrier was heard from (event or poll) at `now`. */
    async touch(trackingNumber: string, now: Date): Promise<void> {
      await routes.updateOne({ _id: trackingNumber }, { $set: { lastUpdateAt: now } });
    },

    /**
     * Moves the leg to `status` if that is in carrier order (compare-and-set, so concurrent webhooks cannot move it
     * back). Returns false for a stale event. Re-applying the current event returns true (safe redelivery).
     */
    async advance(trackingNumber: string, status: TrackingStatus, occurredAt: string, now: Date): Promise<boolean> {
      const rank = statusRank(status);
      const result = await routes.updateOne(
        {
          _id: trackingNumber,
          $or: [{ lastRank: { $exists: false } }, { lastRank: { $lt: rank } }, { lastRank: rank, lastOccurredAt: { $lte: occurredAt } }],
        },
        { $set: { lastRank: rank, lastOccurredAt: occurredAt, lastStatus: status, lastUpdateAt: now } },
      );
      return result.matchedCount === 1;
    },

    /** Records an event the first time it is seen; returns the stored record (the existing one on a repeat). */
    async recordEvent(event: Omit<TrackingEventRecord, '_id' | 'outcome' | 'receivedAt'>, now: Date): Promise<{ record: TrackingEventRecord; isNew: boolean }> {
      const record: TrackingEventRecord = { _id: event.eventKey, ...event, outcome: 'received', receivedAt: now };
      try {
        await events.insertOne(record);
        return { record, isNew: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await events.findOne({ _id: event.eventKey });
        if (!existing) throw error;
        return { record: existing, isNew: false };
      }
    },

    /** Sets an event's outcome (idempotent). */
    async settleEvent(eventKey: string, outcome: 'delivered' | 'stale'): Promise<void> {
      await events.updateOne({ _id: eventKey }, { $set: { outcome } });
    },
  };
}

/** The tracking store's operations. */
export type TrackingStore = ReturnType<typeof createTrackingStore>;
