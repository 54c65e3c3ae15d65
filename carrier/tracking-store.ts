/**
 * Tracking routes (tracking number → claim and leg) and received tracking events, in MongoDB.
 *
 * An active leg's whole route lives in `tracking_active`, the poller's working set (`_id` = tracking number,
 * `active: true`): a purchase writes one document, and a webhook reads and writes that one. When the leg reaches a
 * final status the same write marks it finished (`active: false, awaitingMove: true`), and the poller's next round
 * moves the finished routes to `tracking_numbers` in one batch (two commands for up to `MOVE_BATCH` routes). A voided
 * label's route moves at once. A move writes the finished copy first (an upsert by `_id`, so a retry or a racing
 * writer writes the same), then deletes the entry; a crash in between leaves the route in both places, never in
 * neither, and readers look in `tracking_active` first.
 * Routes of older versions stay in `tracking_numbers`, with a stub `{ _id, lastUpdateAt }` in `tracking_active` while
 * active: a `tracking_active` document is a whole route iff it has `claimId`, and a stub is handled as those versions
 * did (no data migration). Every read and write is by `_id`, the one filter FerretDB v1 pushes down (a condition
 * beside it is checked on the document found).
 */
import type { Collection, Db } from 'mongodb';
import type { TrackingStatus } from '../domain/types';
import { firstInsertsWin, firstInsertWins, isDuplicateKey } from '../storage/first-writer';
import { CarrierCollections } from './indexes';
import {
  addKeys, finishedInWorkingSet, isWholeRoute, legacyStub, mayBeInWorkingSet, newRoute, ownerUpdate, pollable, progressFields, progressUpdate, wholeRoute,
  type RouteOwner, type RouteProgress, type TrackingRoute, type WorkingSetEntry,
} from './tracking-route';

export type { RouteOwner, RouteProgress, TrackingRoute } from './tracking-route';

/** The tracking store's operations (see `createTrackingStore`). */
export type TrackingStore = ReturnType<typeof createTrackingStore>;

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

/** Finished routes the poller's round moves out of the working set at once. */
export const MOVE_BATCH = 200;

function ignoreDuplicate(error: unknown): void {
  if (!isDuplicateKey(error)) throw error; // a concurrent save inserted it
}

/** Store over `tracking_active`, `tracking_numbers` and `tracking_events`. */
export function createTrackingStore(db: Db) {
  const activeRoutes: Collection<WorkingSetEntry> = db.collection<WorkingSetEntry>(CarrierCollections.trackingActive);
  /** Finished routes, and routes of older versions. */
  const finishedRoutes: Collection<TrackingRoute> = db.collection<TrackingRoute>(CarrierCollections.trackingNumbers);
  const events: Collection<TrackingEventRecord> = db.collection<TrackingEventRecord>(CarrierCollections.trackingEvents);

  /** The route of a tracking number: its whole route in the working set, else `tracking_numbers` (by `_id`). */
  async function findRoute(trackingNumber: string): Promise<TrackingRoute | null> {
    const entry = await activeRoutes.findOne({ _id: trackingNumber });
    return isWholeRoute(entry) ? entry : finishedRoutes.findOne({ _id: trackingNumber });
  }

  /** An active legacy route keeps its stub in the working set (as older versions wrote it). */
  async function keepStub(route: TrackingRoute): Promise<TrackingRoute> {
    if (route.active) await activeRoutes.updateOne({ _id: route._id }, { $setOnInsert: { lastUpdateAt: route.lastUpdateAt } }, { upsert: true }).catch(ignoreDuplicate);
    return route;
  }

  /** Older versions' save: upsert into `tracking_numbers`, existing progress kept. */
  async function saveLegacyRoute(owner: RouteOwner, now: Date): Promise<TrackingRoute> {
    const saved = await finishedRoutes.findOneAndUpdate(
      { _id: owner.trackingNumber },
      { ...ownerUpdate(owner), $setOnInsert: { trackingNumber: owner.trackingNumber, active: true, registered: false, lastUpdateAt: now, createdAt: now } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!saved) throw new Error(`tracking route ${owner.trackingNumber} was not saved`);
    return keepStub(saved);
  }

  /**
   * Moves a route out of the working set: writes it finished (`set` applied, `active: false`) to `tracking_numbers`,
   * then deletes its `tracking_active` entry, never the other way round. The copy is an upsert whose `$setOnInsert`
   * holds the route as read: a legacy route (already there) only gets the new progress, and a retry or a racing final
   * note writes the same. Until the delete, readers still find the entry with the position before the final event,
   * which only means a repeat of that event is signalled again (the workflow de-duplicates by eventId).
   */
  async function moveToFinished(route: TrackingRoute, set: Partial<TrackingRoute>, deliveredKeys: string[]): Promise<void> {
    const { _id, deliveredKeys: knownKeys = [], awaitingMove: _awaitingMove, ...fields } = route;
    const finishedFields: Partial<TrackingRoute> = { ...set, active: false };
    const asRead = Object.fromEntries(Object.entries(fields).filter(([field]) => !(field in finishedFields))) as Partial<TrackingRoute>;
    await finishedRoutes.updateOne({ _id }, { $set: finishedFields, $setOnInsert: asRead, ...addKeys([...knownKeys, ...deliveredKeys]) }, { upsert: true });
    if (route.active || route.awaitingMove) await activeRoutes.deleteOne({ _id }); // any other finished route was read from `tracking_numbers`
  }

  return {
    findRoute,

    /**
     * Records where a tracking number routes (idempotent, existing progress kept): updates the route where it is
     * (working set, else `tracking_numbers`, where an active legacy route keeps its stub) or, found nowhere, inserts
     * the whole route into the working set. An insert lost to a racing save looks again; an older version's stub
     * left without its route is saved as those versions did.
     */
    async saveRoute(owner: RouteOwner, now: Date): Promise<TrackingRoute> {
      for (let round = 0; round < 2; round += 1) {
        const active = await activeRoutes.findOneAndUpdate(wholeRoute(owner.trackingNumber), ownerUpdate(owner), { returnDocument: 'after' });
        if (isWholeRoute(active)) return active;
        const stored = await finishedRoutes.findOneAndUpdate({ _id: owner.trackingNumber }, ownerUpdate(owner), { returnDocument: 'after' });
        if (stored) return keepStub(stored);
        const route = newRoute(owner, false, now);
        if (await firstInsertWins(activeRoutes, route)) return route;
      }
      return saveLegacyRoute(owner, now);
    },

    /**
     * Inserts a new number's whole route (active) into the working set: one write, no read. False when the number
     * has an entry already (then `saveRoute` updates the route).
     */
    insertRoute(owner: RouteOwner, registered: boolean, now: Date): Promise<boolean> {
      return firstInsertWins(activeRoutes, newRoute(owner, registered, now));
    },

    /** `insertRoute` for several new numbers in one write (each its own first-writer race); for each, whether it was inserted. */
    insertRoutes(owners: ReadonlyArray<{ owner: RouteOwner; registered: boolean }>, now: Date): Promise<boolean[]> {
      return firstInsertsWin(activeRoutes, owners.map(({ owner, registered }) => newRoute(owner, registered, now)));
    },

    /** Marks the number as registered with the carrier for webhooks (idempotent): in the working set, else in `tracking_numbers`. */
    async markRegistered(trackingNumber: string): Promise<void> {
      const registered = { $set: { registered: true } };
      if ((await activeRoutes.updateOne(wholeRoute(trackingNumber), registered)).matchedCount === 0) await finishedRoutes.updateOne({ _id: trackingNumber }, registered);
    },

    /** Stops polling a number (idempotent): reads its route and moves it to `tracking_numbers`, inactive. */
    async deactivate(trackingNumber: string): Promise<void> {
      const route = await findRoute(trackingNumber);
      if (route) await moveToFinished(route, {}, []);
      else await activeRoutes.deleteOne(legacyStub(trackingNumber));
    },

    /**
     * The poller's round in one read of the working set: the routes that reached a final status (to move out, up to
     * `MOVE_BATCH`) and, with `poll`, the active routes with no update since `before` (up to `limit`, oldest first).
     * Whole routes are returned as they are. A legacy stub's route is read by `_id`: webhooks noted its progress on
     * the route only, so a leg heard from since is not due (its stub is brought up to the route's time instead, one
     * write per leg per stale period), and a leg no longer active leaves.
     */
    async dueRoutes(before: Date, limit: number, options: { poll?: boolean } = {}): Promise<{ stale: TrackingRoute[]; finished: TrackingRoute[] }> {
      const poll = options.poll !== false;
      const filter = poll ? { $or: [finishedInWorkingSet, { ...pollable, lastUpdateAt: { $lt: before } }] } : finishedInWorkingSet;
      const read = await activeRoutes.find(filter).sort({ lastUpdateAt: 1 }).limit(poll ? limit + MOVE_BATCH : MOVE_BATCH).toArray();
      const finished = read.filter((entry) => isWholeRoute(entry) && entry.awaitingMove === true).slice(0, MOVE_BATCH) as TrackingRoute[];
      const due = read.filter((entry) => entry.awaitingMove !== true).slice(0, poll ? limit : 0);
      const stale: TrackingRoute[] = due.filter(isWholeRoute);
      await Promise.all(due.filter((entry) => !isWholeRoute(entry)).map(async (stub) => {
        const route = await finishedRoutes.findOne({ _id: stub._id });
        if (!route || !route.active) await activeRoutes.deleteOne(legacyStub(stub._id));
        else if (route.lastUpdateAt >= before) await activeRoutes.updateOne(legacyStub(route._id), { $set: { lastUpdateAt: route.lastUpdateAt } });
        else stale.push(route);
      }));
      return { stale: stale.sort((a, b) => a.lastUpdateAt.getTime() - b.lastUpdateAt.getTime()), finished };
    },

    /**
     * Notes that the carrier was heard from at `heardAt` (when given) and, when events were signalled, the leg's new
     * position and their keys: one unconditional update of the whole route in the working set by `_id`, which a final
     * status also marks finished (`active: false, awaitingMove: true`; the poller's round moves it). When there is no
     * whole route there (or `progress.route` was read from `tracking_numbers`), the route in `tracking_numbers` is
     * updated instead (plus a legacy route's stub when `touchWorkingSet`), and a final status moves a legacy route
     * there (see `moveToFinished`). Two webhooks racing for the same number may leave the earlier position, which only
     * means a redelivery is signalled again and dropped by the workflow (the workflow, not this record, keeps the
     * carrier order).
     */
    async noteProgress(trackingNumber: string, progress: RouteProgress): Promise<void> {
      const update = progressUpdate(progress);
      if (mayBeInWorkingSet(progress) && (await activeRoutes.updateOne(wholeRoute(trackingNumber), update)).matchedCount > 0) return;
      if (progress.final) {
        const route = progress.route ?? await findRoute(trackingNumber);
        if (route) await moveToFinished(route, progressFields(progress), progress.deliveredKeys);
        else await activeRoutes.deleteOne(legacyStub(trackingNumber));
        return;
      }
      await finishedRoutes.updateOne({ _id: trackingNumber }, update);
      if (progress.heardAt && progress.touchWorkingSet) await activeRoutes.updateOne(legacyStub(trackingNumber), { $set: { lastUpdateAt: progress.heardAt } });
    },

    /**
     * `noteProgress`'s first write for several notes in one ordered command (two notes of one route apply in order):
     * each note's update of its whole route in the working set. Returns how many matched; a note that did not (its
     * route is a legacy one, or left the working set) wants `noteProgress` itself.
     */
    async noteProgressInWorkingSet(notes: ReadonlyArray<{ trackingNumber: string; progress: RouteProgress }>): Promise<number> {
      if (notes.length === 0) return 0;
      const statements = notes.map(({ trackingNumber, progress }) => ({ updateOne: { filter: wholeRoute(trackingNumber), update: progressUpdate(progress) } }));
      return (await activeRoutes.bulkWrite(statements, { ordered: true })).matchedCount;
    },

    /**
     * Moves routes that reached a final status out of the working set (the poller's round): `finished` as `dueRoutes`
     * read them (else up to `MOVE_BATCH`, read here), their finished copies upserted into `tracking_numbers` in one
     * command, then their entries deleted in one command, each only if no webhook wrote it since it was read (else the
     * next round moves it). Idempotent: a crash in between leaves them in both places, and the next round writes the
     * same copies again. Returns how many it moved.
     */
    async moveFinishedRoutes(finished?: readonly TrackingRoute[]): Promise<number> {
      finished ??= (await activeRoutes.find(finishedInWorkingSet).limit(MOVE_BATCH).toArray()).filter(isWholeRoute);
      if (finished.length === 0) return 0;
      await finishedRoutes.bulkWrite(finished.map(({ _id, awaitingMove: _awaitingMove, deliveredKeys = [], ...fields }) => ({
        updateOne: { filter: { _id }, update: { $set: { ...fields, active: false }, ...addKeys(deliveredKeys) }, upsert: true },
      })), { ordered: false });
      const moved = await activeRoutes.bulkWrite(finished.map((route) => ({
        deleteOne: { filter: { _id: route._id, ...finishedInWorkingSet, lastUpdateAt: route.lastUpdateAt } },
      })), { ordered: false });
      return moved.deletedCount;
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
