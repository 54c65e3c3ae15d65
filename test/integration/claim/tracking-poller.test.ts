/**
 * The polling fallback as the worker runs it: no webhook reaches the app, the carrier's tracking moves on, and the
 * poller (real Temporal client, real sandbox through the `shippo` SDK) brings the claim to `delivered`.
 */
import { createShippoCarrier } from '../../../carrier/shippo-adapter';
import { openClaim } from '../../../client/claims';
import { loadConfig } from '../../../config/env';
import { createLogger } from '../../../observability/logger';
import { SANDBOX_API_TOKEN } from '../../../sandbox/shippo/server';
import { warehouseAddress } from '../../../worker/dependencies';
import { startTrackingPoller } from '../../../worker/tracking-poller';
import { claimStateQuery, completeShipmentUpdate } from '../../../workflows/messages';
import { eventually, useSeededTestApp } from '../../support/app';
import { claimRequestFixture } from '../../support/fixtures';

const seeded = useSeededTestApp();

it('polls a leg whose webhooks never arrive and signals its claim', async () => {
  const app = seeded.current();
  app.sandbox.setWebhookUrl(undefined);
  const opened = await openClaim(app.client, app.taskQueue, claimRequestFixture('in-warranty'));
  const handle = app.client.workflow.getHandle(opened.workflowId);
  const ready = await eventually(() => handle.query(claimStateQuery), (s) => s.status === 'awaiting-shipment');
  await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: '805E.C0F1.0009', completedBy: 'ship.lee' }] });
  await app.sandbox.playTracking(ready.legs.outbound.label!.trackingNumber, ['TRANSIT', 'DELIVERED']);
  expect(app.sandbox.webhooks().map((w) => w.responseStatus)).toEqual([0, 0]); // no webhook reached the app

  const config = loadConfig({ TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS, TRACKING_POLL_INTERVAL_MS: '250', TRACKING_STALE_AFTER_MS: '1000' });
  const carrier = createShippoCarrier({ apiToken: SANDBOX_API_TOKEN, serverURL: app.sandbox.url, warehouse: warehouseAddress(config) });
  const stop = await startTrackingPoller({ config, db: app.database.db, carrier, logger: createLogger({ service: 'test', level: 'warn' }) });
  try {
    const delivered = await eventually(() => handle.query(claimStateQuery), (s) => s.status === 'delivered');
    expect(delivered.status).toBe('delivered');
    expect(delivered.legs.outbound.trackingStatus).toBe('DELIVERED');
  } finally {
    await stop();
  }
  await handle.terminate('test over');
});
