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
  const client = await connectTemporal(config);
  const poller = createTrackingPoller({
    db,
    carrier,
    deliver: createTrackingDelivery({ client, db }),
    staleAfterMs: config.TRACKING_STALE_AFTER_MS,
    poll,
    log: logger,
  });
  const stop = poller.start(poll ? config.TRACKING_POLL_INTERVAL_MS : MOVE_FINISHED_EVERY_MS);
  return async () => {
    await stop();
    await client.connection.close();
  };
}
