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
  /** The keys of the events signalled for this leg (a repeat of one is a duplicate, not a stale event). */
  deliveredKeys?: string[];
  /** Last time an event arrived or the carrier was polled. */
  lastUpdateAt: Date;
  createdAt: Date;
}

/** A stale event (older than the leg's progress, never signalled), or one signalled by older versions; `_id` is the event key. */
export interface TrackingEventRecord {
  _id: string;
  eventKey: string;
  trackingNumber: string;
  status: TrackingStatus;
  occurredAt: string;
  /** `stale`: older than the leg's progress, dropped; `delivered` and `received`: written by older versions (signalled events are keyed on the route now). */
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

    /**
     * Inserts a new number's route (active) and its working-set entry; false when the route exists already (then
     * `saveRoute` updates it). Two writes, no read.
     */
    async insertRoute(route: { trackingNumber: string; claimId: string; leg: LegKind; carrier: string; workflowId?: string }, registered: boolean, now: Date): Promise<boolean> {
      const doc: TrackingRoute = { _id: route.trackingNumber, ...route, active: true, registered, lastUpdateAt: now, createdAt: now };
      if (!(await firstInsertWins(routes, doc))) return false;
      await activeLegs.updateOne({ _id: route.trackingNumber }, { $setOnInsert: { lastUpdateAt: now } }, { upsert: true }).catch(ignoreDuplicate);
      return true;
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

    /**
     * Active routes with no update since `before`, oldest first: reads the working set, then each route by `_id`.
     * Webhooks note progress on the route only, so a leg heard from since is not due: its working-set entry is
     * brought up to the route's time instead (one write per leg per stale period), and a leg no longer active leaves.
     */
    async staleRoutes(before: Date, limit: number): Promise<TrackingRoute[]> {
      const due = await activeLegs.find({ lastUpdateAt: { $lt: before } }).sort({ lastUpdateAt: 1 }).limit(limit).toArray();
      const found = await Promise.all(due.map((leg) => routes.findOne({ _id: leg._id })));
      const stale: TrackingRoute[] = [];
      await Promise.all(found.map(async (route, index) => {
        if (!route || !route.active) await stopTracking(due[index]!._id);
        else if (route.lastUpdateAt >= before) await activeLegs.updateOne({ _id: route._id }, { $set: { lastUpdateAt: route.lastUpdateAt } });
        else stale.push(route);
      }));
      return stale.sort((a, b) => a.lastUpdateAt.getTime() - b.lastUpdateAt.getTime());
    },

    /**
     * Notes that the carrier was heard from at `heardAt` (when given) and, when events were signalled, the leg's new
     * position and their keys (and that polling can stop after a final status): one unconditional write of the route
     * by `_id`, plus the working set's entry when `touchWorkingSet` (the poller's own rounds) or the leg is final. Two
     * webhooks racing for the same number may leave the earlier position, which only means a redelivery is signalled
     * again and dropped by the workflow (the workflow, not this record, keeps the carrier order).
     */
    async noteProgress(trackingNumber: string, progress: { position?: { rank: number; occurredAt: string; status?: TrackingStatus }; deliveredKeys: string[]; final: boolean; heardAt?: Date; touchWorkingSet?: boolean }): Promise<void> {
      const { position, deliveredKeys, final, heardAt } = progress;
      const set: Partial<TrackingRoute> = heardAt ? { lastUpdateAt: heardAt } : {};
      if (position) Object.assign(set, { lastRank: position.rank, lastOccurredAt: position.occurredAt, ...(position.status ? { lastStatus: position.status } : {}) });
      if (final) set.active = false;
      await routes.updateOne({ _id: trackingNumber }, { $set: set, ...(deliveredKeys.length > 0 ? { $addToSet: { deliveredKeys: { $each: deliveredKeys } } } : {}) });
      if (final) await stopTracking(trackingNumber);
      else if (heardAt && progress.touchWorkingSet) await activeLegs.updateOne({ _id: trackingNumber }, { $set: { lastUpdateAt: heardAt } });
    },

    /** True when an event with that key was recorded (read by `_id`). */
    async hasEvent(eventKey: string): Promise<boolean> {
      return (await events.findOne({ _id: eventKey }, { projection: { _id: 1 } })) !== null;
    },

    /** Records a dropped event; a repeat keeps the first record (idempotent insert by event key). */
    async saveEvent(event: Omit<TrackingEventRecord, '_id' | 'outcome' | 'receivedAt'>, outcome: 'stale', now: Date): Promise<void> {
      await firstInsertWins(events, { _id: event.eventKey, ...event, outcome, receivedAt: now });
    },
  };
}
