/** Turns carrier tracking snapshots (from webhooks or polls) into ordered, de-duplicated events for the workflow. */
import type { Db } from 'mongodb';
import type { LegKind, TrackingEvent, TrackingStatus } from '../domain/types';
import type { TrackingSnapshot } from './port';
import { isFinalStatus, trackingRank } from '../domain/tracking';
import { createProgressWriter, DEFAULT_PROGRESS_FLUSH_MS } from './progress-writer';
import { createTrackingStore, type RouteProgress, type TrackingRoute } from './tracking-store';
import { pairedRouteAsInserted } from './tracking-route';
import { RecentMap } from '../storage/recent-map';

/** Routes an ingest remembers (about 10,000 legs in flight: a few MB). */
const REMEMBERED_ROUTES = 10_000;

/**
 * Hands one event to the claim's workflow (the lead wires it to `trackingEventSignal`). Must be idempotent by eventId.
 * `workflowId` is the route's, when the label purchase stored it (saves a read-model lookup).
 */
export type DeliverTrackingEvent = (delivery: { claimId: string; leg: LegKind; event: TrackingEvent; workflowId?: string }) => Promise<void>;

/** What an ingest did. `routed: false` means the tracking number belongs to no claim. */
export interface IngestOutcome {
  routed: boolean;
  delivered: number;
  duplicates: number;
  stale: number;
}

/** Minimal logger (pino-compatible). */
export interface CarrierLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** A logger that drops everything. */
export const silentLogger: CarrierLogger = { info: () => undefined, warn: () => undefined };

/** The event key: the same scan gets the same key whether it came by webhook or by poll. */
export function eventKeyOf(trackingNumber: string, status: string, occurredAt: string): string {
  return `${trackingNumber}|${status}|${occurredAt}`;
}

/** What an ingest needs; `progressFlushMs` is how long progress notes wait to be written together (0: at once). */
export interface TrackingIngestOptions {
  db: Db;
  deliver: DeliverTrackingEvent;
  log?: CarrierLogger;
  now?: () => Date;
  touchWorkingSet?: boolean;
  /** Default `DEFAULT_PROGRESS_FLUSH_MS` (1 s); see progress-writer.ts. */
  progressFlushMs?: number;
}

/** An ingest, with `flush` (write the queued progress notes now) and `close` (stop its timer, flush) for shutdown. */
export type TrackingIngest = ReturnType<typeof createTrackingIngest>;

/**
 * Creates the ingest function shared by the webhook handler and the poller; `touchWorkingSet` (the poller) also
 * moves a legacy route's stub in the poller's working set when the carrier was heard from (an active route written
 * by this version is its own working-set entry, so every ingest moves it). The ingest remembers each route as it
 * left it, so the next event of the same leg skips the read (see `ingest`). Progress notes are written behind, with
 * other routes' (progress-writer.ts): close the ingest on shutdown.
 */
export function createTrackingIngest(deps: TrackingIngestOptions) {
  const store = createTrackingStore(deps.db);
  const log = deps.log ?? silentLogger;
  const now = deps.now ?? (() => new Date());
  const remembered = new RecentMap<string, TrackingRoute>(REMEMBERED_ROUTES);
  const progressWriter = createProgressWriter({ store, flushMs: deps.progressFlushMs ?? DEFAULT_PROGRESS_FLUSH_MS, log });

  /** Reads a route; a route whose labels were bought together also names the other leg, remembered as inserted. */
  async function readRoute(trackingNumber: string): Promise<TrackingRoute | null> {
    const route = await store.findRoute(trackingNumber);
    const paired = route && route.active ? pairedRouteAsInserted(route) : undefined;
    if (paired && !remembered.get(paired.trackingNumber)) remembered.set(paired.trackingNumber, paired);
    return route;
  }

  /**
   * Applies a snapshot's history oldest first. An event newer (in carrier order) than the leg's recorded progress
   * is signalled to the workflow; the progress and the signalled events' keys are noted on the route after the
   * signal (queued, and written with other routes' notes at the next flush), so a crash in between only means a
   * later webhook or poll signals it again (the workflow de-duplicates by eventId): at least once, never lost. An
   * event at or behind the progress is a repeat (its key is on the route, or in an audit record of older versions),
   * or stale (older, never seen: recorded, not signalled). On the usual path that is one read of the route before
   * the signal and, after it, a share of one write with other routes' notes. The read is skipped when the caller
   * hands the route over (the poller, which read it) or this ingest noted the route last (a leg's later events): a
   * route another process moved on since only means an event is signalled again, which the workflow drops.
   */
  async function ingest(snapshot: TrackingSnapshot, known?: TrackingRoute): Promise<IngestOutcome> {
    const outcome: IngestOutcome = { routed: false, delivered: 0, duplicates: 0, stale: 0 };
    const route = known ?? remembered.get(snapshot.trackingNumber) ?? await readRoute(snapshot.trackingNumber);
    if (!route) {
      log.warn({ trackingNumber: snapshot.trackingNumber, carrier: snapshot.carrier }, 'tracking update for an unknown tracking number ignored');
      return outcome;
    }
    outcome.routed = true;
    let position: TrackingPosition | undefined = route.lastRank === undefined
      ? undefined : { rank: route.lastRank, occurredAt: route.lastOccurredAt ?? '', status: route.lastStatus };
    let advanced = false;
    let final = false;
    const writes: Array<Promise<unknown>> = [];
    const deliveredKeys: string[] = [];
    const seenKeys = new Set(route.deliveredKeys ?? []);
    const history = [...snapshot.history].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    let failed = false;
    try {
      for (const checkpoint of history) {
        const eventKey = eventKeyOf(snapshot.trackingNumber, checkpoint.status, checkpoint.occurredAt);
        const record = { eventKey, trackingNumber: snapshot.trackingNumber, status: checkpoint.status, occurredAt: checkpoint.occurredAt };
        const next: TrackingPosition = { rank: trackingRank(checkpoint.status), occurredAt: checkpoint.occurredAt, status: checkpoint.status };
        if (!movesForward(position, next)) {
          if (isSamePosition(position, next) || seenKeys.has(eventKey) || (await store.hasEvent(eventKey))) outcome.duplicates += 1;
          else {
            outcome.stale += 1;
            writes.push(store.saveEvent(record, 'stale', now()));
            log.info({ eventKey, claimId: route.claimId, leg: route.leg }, 'out-of-order tracking event dropped');
          }
          continue;
        }
        const event: TrackingEvent = { eventId: eventKey, trackingNumber: snapshot.trackingNumber, leg: route.leg, status: checkpoint.status, occurredAt: checkpoint.occurredAt };
        if (checkpoint.detail) event.detail = checkpoint.detail;
        await deps.deliver({ claimId: route.claimId, leg: route.leg, event, ...(route.workflowId ? { workflowId: route.workflowId } : {}) });
        deliveredKeys.push(eventKey);
        seenKeys.add(eventKey);
        position = next;
        advanced = true;
        final ||= isFinalStatus(checkpoint.status);
        outcome.delivered += 1;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // Written even when a delivery failed midway, so the events signalled before it are not signalled again; a
      // failed delivery does not count as hearing from the carrier (the poller's clock is left alone).
      const heardAt = failed ? undefined : now();
      const note: RouteProgress | undefined = advanced || !failed ? {
        ...(advanced ? { position } : {}), deliveredKeys, final, route, ...(heardAt ? { heardAt } : {}), ...(deps.touchWorkingSet ? { touchWorkingSet: true } : {}),
      } : undefined;
      const after = routeAfter(route, { position: advanced ? position : undefined, deliveredKeys, final, heardAt });
      // A queued note is remembered at once (this process sees it before it is written); one written now only once it is in.
      const writtenNow = note !== undefined && !progressWriter.add(snapshot.trackingNumber, note);
      if (writtenNow) {
        writes.push(store.noteProgress(snapshot.trackingNumber, note));
        remembered.delete(snapshot.trackingNumber);
      } else remembered.set(snapshot.trackingNumber, after);
      await Promise.all(writes);
      if (writtenNow) remembered.set(snapshot.trackingNumber, after);
    }
    return outcome;
  }

  return Object.assign(ingest, { flush: progressWriter.flush, close: progressWriter.close });
}

/** The route as an ingest left it: its position, signalled keys, time heard from, and finished when final. */
function routeAfter(route: TrackingRoute, note: { position?: TrackingPosition; deliveredKeys: string[]; final: boolean; heardAt?: Date }): TrackingRoute {
  const { position } = note;
  return {
    ...route,
    ...(position ? { lastRank: position.rank, lastOccurredAt: position.occurredAt, ...(position.status ? { lastStatus: position.status } : {}) } : {}),
    deliveredKeys: [...new Set([...(route.deliveredKeys ?? []), ...note.deliveredKeys])],
    ...(note.heardAt ? { lastUpdateAt: note.heardAt } : {}),
    ...(note.final && route.active ? { active: false, awaitingMove: true } : {}),
  };
}

/** Where a leg stands in carrier order: rank, time and status of the latest event signalled. */
interface TrackingPosition {
  rank: number;
  occurredAt: string;
  status?: TrackingStatus;
}

/** True when `next` comes after `current` in carrier order (a later scan at the same rank counts, or another status at the same instant). */
function movesForward(current: TrackingPosition | undefined, next: TrackingPosition): boolean {
  if (!current) return true;
  if (next.rank !== current.rank) return next.rank > current.rank;
  return next.occurredAt > current.occurredAt || (next.occurredAt === current.occurredAt && next.status !== current.status);
}

function isSamePosition(current: TrackingPosition | undefined, next: TrackingPosition): boolean {
  return current !== undefined && current.rank === next.rank && current.occurredAt === next.occurredAt && current.status === next.status;
}
