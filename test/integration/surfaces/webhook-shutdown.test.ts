/**
 * The API's shutdown writes the tracking progress its webhooks queued (written behind, carrier/progress-writer.ts):
 * a webhook answered just before `close()` has its route's position in the database once `close()` resolves, well
 * before the one-second flush would have written it.
 */
import { createTrackingStore } from '../../../carrier/tracking-store';
import { openAndShipClaim, registerDevice, startSurfaceApp, type SurfaceApp } from './harness';

const MAC = '00:15:65:AB:EE:41';
let s: SurfaceApp;

beforeAll(async () => {
  s = await startSurfaceApp();
  await registerDevice(s.db, MAC, '4141');
});
afterAll(async () => {
  await s?.product.stop();
});

it('a tracking webhook answered just before the API closes has its progress written by the close', async () => {
  const { outboundTrackingNumber: trackingNumber } = await openAndShipClaim(s, MAC, '4141', { replacementMac: '0015.65ab.ee42', serial: 'SN-41' });

  const [delivery] = await s.product.sandbox.playTracking(trackingNumber, ['TRANSIT']);
  expect(delivery?.responseStatus).toBe(200);
  await s.api.close(); // well under the flush's second: without the close's flush the route is still behind

  const route = await createTrackingStore(s.db).findRoute(trackingNumber);
  expect(route).toMatchObject({ lastStatus: 'TRANSIT', active: true });
});
