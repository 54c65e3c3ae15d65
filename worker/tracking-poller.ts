/** Runs the carrier tracking poller beside the worker: legs whose webhooks went quiet are polled and signalled. */
import type { Db } from 'mongodb';
import type { CarrierPort } from '../carrier/port';
import { createTrackingPoller } from '../carrier/poller';
import { connectTemporal } from '../client/connection';
import { createTrackingDelivery } from '../client/tracking-delivery';
import type { AppConfig } from '../config/env';
import type { Logger } from 'pino';

/** Starts polling every TRACKING_POLL_INTERVAL_MS (none when 0); the returned function stops it and disconnects. */
export async function startTrackingPoller(deps: { config: AppConfig; db: Db; carrier: CarrierPort; logger: Logger }): Promise<() => Promise<void>> {
  const { config, db, carrier, logger } = deps;
  if (config.TRACKING_POLL_INTERVAL_MS === 0) return async () => undefined;
  const client = await connectTemporal(config);
  const poller = createTrackingPoller({
    db,
    carrier,
    deliver: createTrackingDelivery({ client, db }),
    staleAfterMs: config.TRACKING_STALE_AFTER_MS,
    log: logger,
  });
  const stop = poller.start(config.TRACKING_POLL_INTERVAL_MS);
  return async () => {
    await stop();
    await client.connection.close();
  };
}
