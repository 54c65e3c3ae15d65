/** Routes written by older versions (route in tracking_numbers, stub in tracking_active) are handled as those versions did. */
import type { Db } from 'mongodb';
import { CarrierCollections } from '../../../carrier/indexes';
import type { TrackingSnapshot } from '../../../carrier/port';
import { createTrackingIngest } from '../../../carrier/tracking-ingest';
import { createTrackingStore } from '../../../carrier/tracking-store';
import type { TrackingEvent, TrackingStatus } from '../../../domain/types';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { applyCarrierIndexes } from './fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
  await applyCarrierIndexes(database.db);
});
afterAll(async () => database.close());

const T0 = Date.UTC(2026, 10, 28, 8);
const minutes = (count: number) => new Date(T0 + count * 60_000);
const stubs = (db: Db = database.db) => db.collection<{ _id: string; lastUpdateAt: Date }>(CarrierCollections.trackingActive);
const routes = (db: Db = database.db) => db.collection<{ _id: string }>(CarrierCollections.trackingNumbers);

/** An active route as older versions stored it: the route in `tracking_numbers`, a stub in `tracking_active`. */
async function seedLegacyRoute(trackingNumber: string, active = true): Promise<void> {
  await routes().insertOne({ _id: trackingNumber, trackingNumber, claimId: `L-${trackingNumber}`, leg: 'outbound', carrier: 'UPS', active, registered: false, lastUpdateAt: minutes(0), createdAt: minutes(0) } as never);
  await stubs().insertOne({ _id: trackingNumber, lastUpdateAt: minutes(0) });
}

function snapshotOf(trackingNumber: string, statuses: TrackingStatus[]): TrackingSnapshot {
  const history = statuses.map((status, index) => ({ eventId: `${trackingNumber}-${index}`, status, occurredAt: minutes(index).toISOString() }));
  return { carrier: 'ups', trackingNumber, status: statuses[statuses.length - 1]!, history };
}

describe('legacy tracking routes', () => {
  it('are found, saved, registered, progressed, polled and finished as before, and never become whole routes in the working set', async () => {
    await seedLegacyRoute('OLD-1');
    const store = createTrackingStore(database.db);
    let clock = minutes(50);
    const signalled: TrackingEvent[] = [];
    const deliver = async ({ event }: { event: TrackingEvent }) => {
      signalled.push(event);
    };
    const webhook = createTrackingIngest({ db: database.db, deliver, now: () => clock });
    const pollerIngest = createTrackingIngest({ db: database.db, deliver, now: () => clock, touchWorkingSet: true, progressFlushMs: 0 }); // as the poller builds it
    const stubOf = () => stubs().findOne({ _id: 'OLD-1' });

    expect(await store.findRoute('OLD-1')).toMatchObject({ claimId: 'L-OLD-1', active: true });
    expect(await store.saveRoute({ trackingNumber: 'OLD-1', claimId: 'L-OLD-1', leg: 'outbound', carrier: 'UPS', workflowId: 'claim-L-OLD-1' }, clock)).toMatchObject({ workflowId: 'claim-L-OLD-1', registered: false });
    await store.markRegistered('OLD-1');
    expect(await routes().findOne({ _id: 'OLD-1' })).toMatchObject({ workflowId: 'claim-L-OLD-1', registered: true });
    expect(await stubOf()).toEqual({ _id: 'OLD-1', lastUpdateAt: minutes(0) });

    // A webhook 50 minutes in notes progress on the route only; the poller moves the stub up instead of polling.
    await expect(webhook(snapshotOf('OLD-1', ['TRANSIT']))).resolves.toMatchObject({ delivered: 1 });
    await webhook.flush(); // the note misses the working set (a stub) and is written where the route is
    expect(await routes().findOne({ _id: 'OLD-1' })).toMatchObject({ lastStatus: 'TRANSIT', lastUpdateAt: minutes(50) });
    expect(await stubOf()).toEqual({ _id: 'OLD-1', lastUpdateAt: minutes(0) });
    expect((await store.dueRoutes(minutes(30), 50)).stale).toEqual([]);
    expect(await stubOf()).toEqual({ _id: 'OLD-1', lastUpdateAt: minutes(50) });
    expect((await store.dueRoutes(minutes(60), 50)).stale.map((route) => route.claimId)).toEqual(['L-OLD-1']);

    // The poller's own ingest also touches the stub.
    clock = minutes(70);
    await expect(pollerIngest(snapshotOf('OLD-1', ['TRANSIT']))).resolves.toMatchObject({ delivered: 0, duplicates: 1 });
    expect(await stubOf()).toEqual({ _id: 'OLD-1', lastUpdateAt: minutes(70) });

    // A final status: the route finishes in place and the stub leaves; a repeat is all duplicates.
    const delivered = snapshotOf('OLD-1', ['TRANSIT', 'DELIVERED']);
    await expect(webhook(delivered)).resolves.toEqual({ routed: true, delivered: 1, duplicates: 1, stale: 0 });
    await webhook.flush();
    expect(await routes().findOne({ _id: 'OLD-1' })).toMatchObject({ claimId: 'L-OLD-1', active: false, registered: true, lastStatus: 'DELIVERED' });
    expect(await stubOf()).toBeNull();
    await expect(webhook(delivered)).resolves.toEqual({ routed: true, delivered: 0, duplicates: 2, stale: 0 });
    await webhook.close();
    expect(signalled.map((event) => event.status)).toEqual(['TRANSIT', 'DELIVERED']);
  });

  it('a stub whose route is no longer active leaves the working set when due, and a void finishes a legacy route', async () => {
    await seedLegacyRoute('OLD-2', false);
    await seedLegacyRoute('OLD-3');
    const store = createTrackingStore(database.db);
    expect((await store.dueRoutes(minutes(1), 50)).stale.map((route) => route.trackingNumber)).toEqual(['OLD-3']);
    expect(await stubs().findOne({ _id: 'OLD-2' })).toBeNull();

    await store.deactivate('OLD-3');
    expect(await routes().findOne({ _id: 'OLD-3' })).toMatchObject({ claimId: 'L-OLD-3', active: false });
    expect(await stubs().findOne({ _id: 'OLD-3' })).toBeNull();
    expect((await store.dueRoutes(minutes(1_000), 50)).stale).toEqual([]);
  });
});
