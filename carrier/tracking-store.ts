/** Tracking routes (tracking number → claim and leg) and received tracking events, in MongoDB. */
import type { Collection, Db } from 'mongodb';
import type { LegKind, TrackingStatus } from '../domain/types';
import { firstInsertWins, isDuplicateKey } from '../storage/first-writer';
import { CarrierCollections } from './indexes';

/** Where a tracking number's events go, and how far the leg has come. `_id` is the tracking number. */
export interface TrackingRoute {
  _id: string;
  trackingNumber: string;
  claimId: string;
  leg: LegKind;
  carrier: string;
  /** The claim's workflow (stored by the label purchase; older routes lack it and are looked up in the read model). */
  workflowId?: string;
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

/** A received event, the audit trail of what was signalled; `_id` is the event key. */
export interface TrackingEventRecord {
  _id: string;
  eventKey: string;
  trackingNumber: string;
  status: TrackingStatus;
  occurredAt: string;
  /** `delivered`: signalled to the workflow; `stale`: older than the leg's progress, dropped; `received`: written by older versions before the signal. */
  outcome: 'received' | 'delivered' | 'stale';
  receivedAt: Date;
}

function ignoreDuplicate(error: unknown): void {
  if (!isDuplicateKey(error)) throw error; // a concurrent save inserted it
}

/** A leg still being tracked: the poller's working set (`_id` = tracking number). */
interface ActiveLeg {
  _id: string;
  lastUpdateAt: Date;
}

/** Store over `tracking_numbers`, `tracking_active` and `tracking_events`. */
export function createTrackingStore(db: Db) {
  const routes: Collection<TrackingRoute> = db.collection<TrackingRoute>(CarrierCollections.trackingNumbers);
  const activeLegs: Collection<ActiveLeg> = db.collection<ActiveLeg>(CarrierCollections.trackingActive);
  const events: Collection<TrackingEventRecord> = db.collection<TrackingEventRecord>(CarrierCollections.trackingEvents);
  const stopTracking = (trackingNumber: string) => activeLegs.deleteOne({ _id: trackingNumber });

  return {
    /** Records where a tracking number routes (idempotent: upsert by tracking number, existing progress kept). */
    async saveRoute(route: { trackingNumber: string; claimId: string; leg: LegKind; carrier: string; workflowId?: string }, now: Date): Promise<TrackingRoute> {
      const saved = await routes.findOneAndUpdate(
        { _id: route.trackingNumber },
        {
          $set: { claimId: route.claimId, leg: route.leg, carrier: route.carrier, ...(route.workflowId ? { workflowId: route.workflowId } : {}) },
          $setOnInsert: { trackingNumber: route.trackingNumber, active: true, registered: false, lastUpdateAt: now, createdAt: now },
        },
        { upsert: true, returnDocument: 'after' },
      );
      if (!saved) throw new Error(`tracking route ${route.trackingNumber} was not saved`);
      if (saved.active) await activeLegs.updateOne({ _id: route.trackingNumber }, { $setOnInsert: { lastUpdateAt: saved.lastUpdateAt } }, { upsert: true }).catch(ignoreDuplicate);
      return saved;
    },

    /** Marks the number as registered with the carrier for webhooks (idempotent). */
    async markRegistered(trackingNumber: string): Promise<void> {
      await routes.updateOne({ _id: trackingNumber }, { $set: { registered: true } });
    },

    /** Stops polling a number (idempotent). */
    async deactivate(trackingNumber: string): Promise<void> {
      await routes.updateOne({ _id: trackingNumber }, { $set: { active: false } });
      await stopTracking(trackingNumber);
    },

    /** The route of a tracking number (indexed read). */
    findRoute(trackingNumber: string): Promise<TrackingRoute | null> {
      return routes.findOne({ _id: trackingNumber });
    },

    /** Active routes with no update since `before`, oldest first (reads the working set, then each route by `_id`). */
    async staleRoutes(before: Date, limit: number): Promise<TrackingRoute[]> {
      const due = await activeLegs.find({ lastUpdateAt: { $lt: before } }).sort({ lastUpdateAt: 1 }).limit(limit).toArray();
      const found = await Promise.all(due.map((leg) => routes.findOne({ _id: leg._id })));
      return found.filter((route): route is TrackingRoute => route !== null && route.active);
    },

    /**
     * Notes that the carrier was heard from at `heardAt` (when given) and, when events were signalled, the leg's new position (and
     * that polling can stop after a final status). One unconditional write by `_id`: two webhooks racing for the
     * same number may leave the earlier position, which only means a redelivery is signalled again and dropped by
     * the workflow (the workflow, not this record, keeps the carrier order).
     */
    async noteProgress(trackingNumber: string, position: { rank: number; occurredAt: string; status?: TrackingStatus } | undefined, final: boolean, heardAt: Date | undefined): Promise<void> {
      const set: Partial<TrackingRoute> = heardAt ? { lastUpdateAt: heardAt } : {};
      if (position) Object.assign(set, { lastRank: position.rank, lastOccurredAt: position.occurredAt, ...(position.status ? { lastStatus: position.status } : {}) });
      if (final) set.active = false;
      await routes.updateOne({ _id: trackingNumber }, { $set: set });
      if (final) await stopTracking(trackingNumber);
      else if (heardAt) await activeLegs.updateOne({ _id: trackingNumber }, { $set: { lastUpdateAt: heardAt } });
    },

    /** True when an event with that key was recorded (read by `_id`). */
    async hasEvent(eventKey: string): Promise<boolean> {
      return (await events.findOne({ _id: eventKey }, { projection: { _id: 1 } })) !== null;
    },

    /** Records an event with its outcome; a repeat keeps the first record (idempotent insert by event key). */
    async saveEvent(event: Omit<TrackingEventRecord, '_id' | 'outcome' | 'receivedAt'>, outcome: 'delivered' | 'stale', now: Date): Promise<void> {
      await firstInsertWins(events, { _id: event.eventKey, ...event, outcome, receivedAt: now });
    },
  };
}

/** The tracking store's operations. */
export type TrackingStore = ReturnType<typeof createTrackingStore>;
