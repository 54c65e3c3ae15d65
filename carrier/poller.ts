/** Polling fallback for deployments without a public webhook URL: legs with no recent update are asked directly. */
import type { Db } from 'mongodb';
import type { CarrierPort } from './port';
import { createTrackingIngest, silentLogger, type CarrierLogger, type DeliverTrackingEvent } from './tracking-ingest';
import { createTrackingStore } from './tracking-store';

/** Poller settings. */
export interface TrackingPollerOptions {
  db: Db;
  carrier: CarrierPort;
  deliver: DeliverTrackingEvent;
  /** A leg with no update for this long is polled (e.g. 6 h in production). */
  staleAfterMs: number;
  /** At most this many legs per round (default 50). */
  batchSize?: number;
  /** False: rounds only move finished legs out of the working set and poll nothing (no polling configured). */
  poll?: boolean;
  log?: CarrierLogger;
  now?: () => Date;
}

/** What one polling round did. */
export interface PollRound {
  /** Legs that reached a final status since the last round, moved out of the working set. */
  moved: number;
  polled: number;
  delivered: number;
  failed: number;
}

/** Creates the poller. `pollOnce` is idempotent: events already delivered are dropped by the shared ingest. */
export function createTrackingPoller(options: TrackingPollerOptions) {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? silentLogger;
  const store = createTrackingStore(options.db);
  // Notes written at once (no write-behind): a round's are one per polled leg, each behind a carrier read, so few and
  // spread out; written before the round ends, the next round's read of the working set sees them (a leg noted behind
  // could be polled twice); and legacy stubs, which only the poller touches, would miss every batch (progress-writer.ts).
  const ingest = createTrackingIngest({ db: options.db, deliver: options.deliver, log, now, touchWorkingSet: true, progressFlushMs: 0 });

  /**
   * Moves the legs that finished since the last round out of the working set, then polls every stale active leg once
   * and delivers what is new. A failing leg is logged and retried next round.
   */
  async function pollOnce(): Promise<PollRound> {
    const poll = options.poll !== false;
    const { stale, finished } = await store.dueRoutes(new Date(now().getTime() - options.staleAfterMs), options.batchSize ?? 50, { poll });
    const round: PollRound = { moved: await store.moveFinishedRoutes(finished), polled: 0, delivered: 0, failed: 0 };
    for (const route of stale) {
      round.polled += 1;
      try {
        const snapshot = await options.carrier.readTracking(route.carrier, route.trackingNumber);
        const outcome = await ingest({ ...snapshot, trackingNumber: route.trackingNumber }, route); // the route as just read
        round.delivered += outcome.delivered;
      } catch (error) {
        round.failed += 1;
        log.warn({ trackingNumber: route.trackingNumber, error: (error as Error).message }, 'tracking poll failed; will retry next round');
      }
    }
    return round;
  }

  /** Runs `pollOnce` every `intervalMs` until the returned stop function is called (rounds never overlap). */
  function start(intervalMs: number): () => Promise<void> {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const schedule = (): void => {
      timer = setTimeout(() => {
        running = pollOnce()
          .catch((error: unknown) => log.warn({ error: (error as Error).message }, 'tracking poll round failed'))
          .finally(() => {
            if (!stopped) schedule();
          });
      }, intervalMs);
    };
    schedule();
    return async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await ingest.close(); // nothing is queued (notes are written at once), kept should that change
    };
  }

  return { pollOnce, start };
}
