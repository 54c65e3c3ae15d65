/** Turns carrier tracking snapshots (from webhooks or polls) into ordered, de-duplicated events for the workflow. */
import type { Db } from 'mongodb';
import type { LegKind, TrackingEvent } from '../domain/types';
import type { TrackingSnapshot } from './port';
import { isFinalStatus } from './tracking-order';
import { createTrackingStore } from './tracking-store';

/** Hands one event to the claim's workflow (the lead wires it to `trackingEventSignal`). Must be idempotent by eventId. */
export type DeliverTrackingEvent = (delivery: { claimId: string; leg: LegKind; event: TrackingEvent }) => Promise<void>;

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

/** Creates the ingest function shared by the webhook handler and the poller. */
export function createTrackingIngest(deps: { db: Db; deliver: DeliverTrackingEvent; log?: CarrierLogger; now?: () => Date }) {
  const store = createTrackingStore(deps.db);
  const log = deps.log ?? silentLogger;
  const now = deps.now ?? (() => new Date());

  /**
   * Applies a snapshot's history oldest first. Idempotent: a repeated event is dropped once delivered; one whose
   * delivery failed is delivered again (the workflow de-duplicates by eventId). Stale events are not delivered.
   */
  return async function ingest(snapshot: TrackingSnapshot): Promise<IngestOutcome> {
    const outcome: IngestOutcome = { routed: false, delivered: 0, duplicates: 0, stale: 0 };
    const route = await store.findRoute(snapshot.trackingNumber);
    if (!route) {
      log.warn({ trackingNumber: snapshot.trackingNumber, carrier: snapshot.carrier }, 'tracking update for an unknown tracking number ignored');
      return outcome;
    }
    outcome.routed = true;
    const history = [...snapshot.history].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    for (const checkpoint of history) {
      const eventKey = eventKeyOf(snapshot.trackingNumber, checkpoint.status, checkpoint.occurredAt);
      const { record } = await store.recordEvent(
        { eventKey, trackingNumber: snapshot.trackingNumber, status: checkpoint.status, occurredAt: checkpoint.occurredAt },
        now(),
      );
      if (record.outcome !== 'received') {
        outcome.duplicates += 1;
        continue;
      }
      if (!(await store.advance(snapshot.trackingNumber, checkpoint.status, checkpoint.occurredAt, now()))) {
        await store.settleEvent(eventKey, 'stale');
        outcome.stale += 1;
        log.info({ eventKey, claimId: route.claimId, leg: route.leg }, 'out-of-order tracking event dropped');
        continue;
      }
      const event: TrackingEvent = { eventId: eventKey, trackingNumber: snapshot.trackingNumber, leg: route.leg, status: checkpoint.status, occurredAt: checkpoint.occurredAt };
      if (checkpoint.detail) event.detail = checkpoint.detail;
      await deps.deliver({ claimId: route.claimId, leg: route.leg, event });
      await store.settleEvent(eventKey, 'delivered');
      outcome.delivered += 1;
      if (isFinalStatus(checkpoint.status)) await store.deactivate(snapshot.trackingNumber);
    }
    await store.touch(snapshot.trackingNumber, now());
    return outcome;
  };
}

/** The ingest function's type. */
export type TrackingIngest = ReturnType<typeof createTrackingIngest>;
