/** Polling fallback: legs without recent updates are read from the carrier (real SDK, sandbox) and delivered once. */
import { createLabelActivities } from '../../../activities/labels';
import { CarrierCollections } from '../../../carrier/indexes';
import { createTrackingPoller } from '../../../carrier/poller';
import { createTrackingIngest } from '../../../carrier/tracking-ingest';
import { createTrackingStore } from '../../../carrier/tracking-store';
import type { LegKind, TrackingEvent } from '../../../domain/types';
import { commandsSent, openTestDatabase, type TestDatabase } from '../../support/mongo';
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

    await expect(poller.pollOnce()).resolves.toEqual({ moved: 0, polled: 0, delivered: 0, failed: 0 });
    clock += 61 * 60_000;
    await expect(poller.pollOnce()).resolves.toEqual({ moved: 0, polled: 1, delivered: 2, failed: 0 });
    expect(delivered.map((delivery) => `${delivery.claimId}/${delivery.leg}/${delivery.event.status}`)).toEqual(['P-1/outbound/PRE_TRANSIT', 'P-1/outbound/TRANSIT']);
    await expect(poller.pollOnce()).resolves.toEqual({ moved: 0, polled: 0, delivered: 0, failed: 0 });

    clock += 61 * 60_000;
    await env.sandbox.playTracking(label.trackingNumber, ['DELIVERED']);
    await expect(poller.pollOnce()).resolves.toEqual({ moved: 0, polled: 1, delivered: 1, failed: 0 });
    expect(delivered.map((delivery) => delivery.event.status)).toEqual(['PRE_TRANSIT', 'TRANSIT', 'DELIVERED']);
    const route = await createTrackingStore(database.db).findRoute(label.trackingNumber);
    expect(route).toMatchObject({ active: false, lastStatus: 'DELIVERED' });
    clock += 61 * 60_000;
    await expect(poller.pollOnce()).resolves.toEqual({ moved: 1, polled: 0, delivered: 0, failed: 0 }); // the finished leg leaves the working set
    expect(await database.db.collection(CarrierCollections.trackingActive).countDocuments({ _id: label.trackingNumber as never })).toBe(0);
    await expect(poller.pollOnce()).resolves.toEqual({ moved: 0, polled: 0, delivered: 0, failed: 0 });
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
    await expect(poller.pollOnce()).resolves.toEqual({ moved: 0, polled: 1, delivered: 0, failed: 1 });
    await expect(poller.pollOnce()).resolves.toEqual({ moved: 0, polled: 1, delivered: 1, failed: 0 });
    expect(delivered.map((event) => `${event.leg}/${event.status}`)).toEqual(['return/TRANSIT']);
  });

  it('does not poll a leg a webhook was heard from meanwhile: the webhook moves the route\'s time in the working set', async () => {
    let clock = Date.now();
    const delivered: TrackingEvent[] = [];
    const deliver = async ({ event }: { event: TrackingEvent }) => {
      delivered.push(event);
    };
    const polledNumbers: string[] = [];
    const carrier = { ...env.carrier, readTracking: (name: string, trackingNumber: string) => {
      polledNumbers.push(trackingNumber);
      return env.carrier.readTracking(name, trackingNumber);
    } };
    const poller = createTrackingPoller({ db: database.db, carrier, staleAfterMs: 60 * 60_000, now: () => new Date(clock), deliver });
    const webhook = createTrackingIngest({ db: database.db, deliver, now: () => new Date(clock) }); // as the webhook handler builds it
    const label = await createLabelActivities({ db: database.db, carrier: env.carrier }).buyLabel({ claimId: 'P-3', leg: 'outbound', shipTo: customer });
    const active = database.db.collection<{ _id: string; lastUpdateAt: Date }>(CarrierCollections.trackingActive);

    clock += 50 * 60_000; // a webhook 50 minutes in: the route, the leg's working-set entry, notes it
    const at = new Date(clock).toISOString();
    await webhook({ carrier: label.carrier, trackingNumber: label.trackingNumber, status: 'TRANSIT', history: [{ eventId: 'hook-1', status: 'TRANSIT', occurredAt: at }] });
    await webhook.close(); // its progress note written
    expect((await active.findOne({ _id: label.trackingNumber }))!.lastUpdateAt.getTime()).toBe(clock);

    clock += 20 * 60_000; // 70 minutes after the label, 20 after the webhook: not due
    await poller.pollOnce(); // (legs of the tests above are due too, and polled)
    expect(polledNumbers).not.toContain(label.trackingNumber);
    expect((await active.findOne({ _id: label.trackingNumber }))!.lastUpdateAt.getTime()).toBe(clock - 20 * 60_000);
    expect(delivered.map((event) => event.status)).toEqual(['TRANSIT']);

    clock += 61 * 60_000; // quiet for over an hour since the webhook: polled, and the repeat of TRANSIT is not signalled again
    await poller.pollOnce();
    expect(polledNumbers).toContain(label.trackingNumber);
    expect(delivered.filter((event) => event.status === 'TRANSIT')).toHaveLength(1);
  });

  it('with polling off, a round only moves the legs that finished out of the working set', async () => {
    const clock = Date.now() + 10 * 24 * 3_600_000; // every leg above is quiet by now
    const polledNumbers: string[] = [];
    const carrier = { ...env.carrier, readTracking: (name: string, trackingNumber: string) => {
      polledNumbers.push(trackingNumber);
      return env.carrier.readTracking(name, trackingNumber);
    } };
    const signalled: TrackingEvent[] = [];
    const deliver = async ({ event }: { event: TrackingEvent }) => {
      signalled.push(event);
    };
    const label = await createLabelActivities({ db: database.db, carrier: env.carrier }).buyLabel({ claimId: 'P-4', leg: 'outbound', shipTo: customer });
    const webhook = createTrackingIngest({ db: database.db, deliver });
    const occurredAt = new Date().toISOString();
    await webhook({ carrier: label.carrier, trackingNumber: label.trackingNumber, status: 'DELIVERED', history: [{ eventId: 'hook-4', status: 'DELIVERED', occurredAt }] });
    await webhook.close(); // its progress note written
    const sent = await commandsSent(database.db, database.uri, async (db) => {
      const poller = createTrackingPoller({ db, carrier, staleAfterMs: 60_000, now: () => new Date(clock), deliver, poll: false });
      await expect(poller.pollOnce()).resolves.toEqual({ moved: 1, polled: 0, delivered: 0, failed: 0 });
    });
    expect(sent).toEqual(['find tracking_active', 'update tracking_numbers', 'delete tracking_active']); // one read of the working set
    expect(polledNumbers).toEqual([]);
    expect(await createTrackingStore(database.db).findRoute(label.trackingNumber)).toMatchObject({ active: false, lastStatus: 'DELIVERED' });
    expect(await database.db.collection(CarrierCollections.trackingNumbers).countDocuments({ _id: label.trackingNumber as never })).toBe(1);
    expect(signalled.map((event) => event.status)).toEqual(['DELIVERED']);
  });
});
