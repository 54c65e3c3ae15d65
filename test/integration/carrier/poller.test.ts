/** Polling fallback: legs without recent updates are read from the carrier (real SDK, sandbox) and delivered once. */
import { createLabelActivities } from '../../../activities/labels';
import { CarrierCollections } from '../../../carrier/indexes';
import { createTrackingPoller } from '../../../carrier/poller';
import type { LegKind, TrackingEvent } from '../../../domain/types';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { applyCarrierIndexes, customer, startSandboxCarrier, type SandboxCarrier } from './fixtures';

let database: TestDatabase;
let env: SandboxCarrier;
beforeAll(async () => {
  database = await openTestDatabase();
  await applyCarrierIndexes(database.db);
  env = await startSandboxCarrier();
});
afterAll(async () => {
  await env.sandbox.close();
  await database.close();
});

describe('tracking poller', () => {
  it('polls only legs quiet for longer than the threshold, delivers new events in order once, and stops after delivery', async () => {
    const delivered: Array<{ claimId: string; leg: LegKind; event: TrackingEvent }> = [];
    let clock = Date.now();
    const poller = createTrackingPoller({
      db: database.db, carrier: env.carrier, staleAfterMs: 60 * 60_000, now: () => new Date(clock),
      deliver: async (delivery) => {
        delivered.push(delivery);
      },
    });
    const label = await createLabelActivities({ db: database.db, carrier: env.carrier }).buyLabel({ claimId: 'P-1', leg: 'outbound', shipTo: customer });
    await env.sandbox.playTracking(label.trackingNumber, ['PRE_TRANSIT', 'TRANSIT']); // no webhook URL: only polling can see these

    await expect(poller.pollOnce()).resolves.toEqual({ polled: 0, delivered: 0, failed: 0 });
    clock += 61 * 60_000;
    await expect(poller.pollOnce()).resolves.toEqual({ polled: 1, delivered: 2, failed: 0 });
    expect(delivered.map((delivery) => `${delivery.claimId}/${delivery.leg}/${delivery.event.status}`)).toEqual(['P-1/outbound/PRE_TRANSIT', 'P-1/outbound/TRANSIT']);
    await expect(poller.pollOnce()).resolves.toEqual({ polled: 0, delivered: 0, failed: 0 });

    clock += 61 * 60_000;
    await env.sandbox.playTracking(label.trackingNumber, ['DELIVERED']);
    await expect(poller.pollOnce()).resolves.toEqual({ polled: 1, delivered: 1, failed: 0 });
    expect(delivered.map((delivery) => delivery.event.status)).toEqual(['PRE_TRANSIT', 'TRANSIT', 'DELIVERED']);
    const route = await database.db.collection(CarrierCollections.trackingNumbers).findOne({ trackingNumber: label.trackingNumber });
    expect(route).toMatchObject({ active: false, lastStatus: 'DELIVERED' });
    clock += 61 * 60_000;
    await expect(poller.pollOnce()).resolves.toEqual({ polled: 0, delivered: 0, failed: 0 });
  });

  it('counts a failing poll and retries it next round', async () => {
    let clock = Date.now();
    const delivered: TrackingEvent[] = [];
    const poller = createTrackingPoller({
      db: database.db, carrier: env.carrier, staleAfterMs: 1_000, now: () => new Date(clock),
      deliver: async ({ event }) => {
        delivered.push(event);
      },
    });
    const label = await createLabelActivities({ db: database.db, carrier: env.carrier }).buyLabel({ claimId: 'P-2', leg: 'return', shipTo: customer, carrier: 'UPS' });
    await env.sandbox.playTracking(label.trackingNumber, ['TRANSIT']);
    clock += 2_000;
    env.sandbox.setFaults({ rate500: 1, onlyPath: '/tracks' });
    await expect(poller.pollOnce()).resolves.toEqual({ polled: 1, delivered: 0, failed: 1 });
    await expect(poller.pollOnce()).resolves.toEqual({ polled: 1, delivered: 1, failed: 0 });
    expect(delivered.map((event) => `${event.leg}/${event.status}`)).toEqual(['return/TRANSIT']);
  });
});
