/** Runs the carrier tracking poller beside the worker: legs whose webhooks went quiet are polled and signalled. */
import type { Db } from 'mongodb';
import type { CarrierPort } from '../carrier/port';
import { createTrackingPoller } from '../carrier/poller';
import { connectTemporal } from '../client/connection';
import { createTrackingDelivery } from '../client/tracking-delivery';
import type { AppConfig } from '../config/env';
import type { Logger } from 'pino';

/** How often finished legs leave the poller's working set when no polling is configured. */
const MOVE_FINISHED_EVERY_MS = 900_000;

/**
 * Starts polling every TRACKING_POLL_INTERVAL_MS; when it is 0, rounds every 15 minutes only move finished legs out of
 * the working set. The returned function stops it and disconnects.
 */
export async function startTrackingPoller(deps: { config: AppConfig; db: Db; carrier: CarrierPort; logger: Logger }): Promise<() => Promise<void>> {
  const { config, db, carrier, logger } = deps;
  const poll = config.TRACKING_POLL_INTERVAL_MS > 0;
  // Only polls signal claims: rounds that just move finished legs need no Temporal connection.
  const client = poll ? await connectTemporal(config) : undefined;
  const poller = createTrackingPoller({
    db,
    carrier,
    deliver: client ? createTrackingDelivery({ client, db }) : refuseDelivery,
    staleAfterMs: config.TRACKING_STALE_AFTER_MS,
    poll,
    log: logger,
  });
  const stop = poller.start(poll ? config.TRACKING_POLL_INTERVAL_MS : MOVE_FINISHED_EVERY_MS);
  return async () => {
    await stop();
    await client?.connection.close();
  };
}

/** The delivery of a poller that polls nothing: never called (it would mean a poll ran with polling off). */
async function refuseDelivery(): Promise<void> {
  throw new Error('tracking poller: polling is off (TRACKING_POLL_INTERVAL_MS=0), so no event is delivered');
}
