/** Where tracking routes live on real FerretDB: whole in the poller's working set while active, moved when finished. */
import type { Db } from 'mongodb';
import { CarrierCollections } from '../../../carrier/indexes';
import { createLabelPurchaser } from '../../../carrier/label-purchaser';
import type { TrackingSnapshot } from '../../../carrier/port';
import { createTrackingIngest, type TrackingIngest } from '../../../carrier/tracking-ingest';
import type { RouteOwner } from '../../../carrier/tracking-route';
import { createTrackingStore } from '../../../carrier/tracking-store';
import type { TrackingEvent, TrackingStatus } from '../../../domain/types';
import { commandsSent } from '../../support/mongo';
import { carrierTestWorld, customer } from './fixtures';

const world = carrierTestWorld();

const owner = (trackingNumber: string): RouteOwner => ({ trackingNumber, claimId: `C-${trackingNumber}`, leg: 'outbound', carrier: 'UPS', workflowId: `claim-C-${trackingNumber}` });
const active = (db: Db = world.database.db) => db.collection<{ _id: string }>(CarrierCollections.trackingActive);
const finished = (db: Db = world.database.db) => db.collection<{ _id: string }>(CarrierCollections.trackingNumbers);

/** A carrier snapshot whose history holds `statuses`, an hour apart. */
function snapshotOf(trackingNumber: string, statuses: TrackingStatus[]): TrackingSnapshot {
  const history = statuses.map((status, index) => ({ eventId: `${trackingNumber}-${index}`, status, occurredAt: new Date(Date.UTC(2026, 10, 28, 8 + index)).toISOString() }));
  return { carrier: 'ups', trackingNumber, status: statuses[statuses.length - 1]!, history };
}

/** The ingests a test opened, closed after it (their queued progress notes written). */
const opened: TrackingIngest[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((ingest) => ingest.close()));
});

/** An ingest as the webhook handler builds it (progress notes written behind), recording what it signals. */
function webhookIngest(db: Db = world.database.db) {
  const signalled: TrackingEvent[] = [];
  const ingest = createTrackingIngest({ db, deliver: async ({ event }) => {
    signalled.push(event);
  } });
  opened.push(ingest);
  return { ingest, signalled };
}

/** One webhook to a process of its own, its progress note written before it returns. */
async function webhookOnce(snapshot: TrackingSnapshot, db: Db = world.database.db) {
  const { ingest } = webhookIngest(db);
  const outcome = await ingest(snapshot);
  await ingest.flush();
  return outcome;
}

describe('tracking routes written by this version', () => {
  it('a fresh purchase writes one document: the whole route in tracking_active, nothing in tracking_numbers', async () => {
    const now = new Date();
    const sent = await commandsSent(world.database.db, world.database.uri, (db) => createTrackingStore(db).insertRoute(owner('R-1'), true, now));
    expect(sent).toEqual(['insert tracking_active']);
    expect(await active().findOne({ _id: 'R-1' })).toEqual({
      _id: 'R-1', trackingNumber: 'R-1', claimId: 'C-R-1', leg: 'outbound', carrier: 'UPS', workflowId: 'claim-C-R-1', active: true, registered: true, lastUpdateAt: now, createdAt: now,
    });
    expect(await finished().countDocuments({ _id: 'R-1' })).toBe(0);
    await expect(createTrackingStore(world.database.db).insertRoute(owner('R-1'), false, new Date())).resolves.toBe(false);

    // The label purchase end to end: its only tracking command is that insert.
    let trackingNumber = '';
    const bought = await commandsSent(world.database.db, world.database.uri, async (db) => {
      ({ trackingNumber } = await createLabelPurchaser({ db, carrier: world.env.carrier }).buy({ claimId: 'R-BUY', leg: 'outbound', shipTo: customer }, { firstTry: true }));
    });
    expect(bought.filter((command) => command.includes(' tracking_'))).toEqual(['insert tracking_active']);
    expect(await createTrackingStore(world.database.db).findRoute(trackingNumber)).toMatchObject({ claimId: 'R-BUY', active: true, registered: true });
  });

  it('a final status marks the route finished in one write; the poller\'s round moves it to tracking_numbers; repeats signal nothing', async () => {
    const store = createTrackingStore(world.database.db);
    await store.insertRoute(owner('R-2'), true, new Date());
    const { ingest, signalled } = webhookIngest();
    await expect(ingest(snapshotOf('R-2', ['PRE_TRANSIT', 'TRANSIT']))).resolves.toEqual({ routed: true, delivered: 2, duplicates: 0, stale: 0 });
    await ingest.flush();
    expect(await active().findOne({ _id: 'R-2' })).toMatchObject({ lastStatus: 'TRANSIT', active: true });

    const delivered = snapshotOf('R-2', ['PRE_TRANSIT', 'TRANSIT', 'DELIVERED']);
    const sent = await commandsSent(world.database.db, world.database.uri, async (db) => {
      const monitored = createTrackingIngest({ db, deliver: async ({ event }) => {
        signalled.push(event);
      } });
      await expect(monitored(delivered)).resolves.toEqual({ routed: true, delivered: 1, duplicates: 2, stale: 0 });
      await monitored.close();
    });
    expect(sent).toEqual(['find tracking_active', 'update tracking_active']);
    expect(await active().findOne({ _id: 'R-2' })).toMatchObject({ active: false, awaitingMove: true, lastStatus: 'DELIVERED' });
    expect(await finished().countDocuments({ _id: 'R-2' })).toBe(0);
    await expect(webhookOnce(delivered)).resolves.toEqual({ routed: true, delivered: 0, duplicates: 3, stale: 0 });
    const { stale: due, finished: toMove } = await store.dueRoutes(new Date(Date.now() + 60_000), 50);
    expect(due.map((route) => route.trackingNumber)).not.toContain('R-2'); // finished: never polled, but moved
    expect(toMove.map((route) => route.trackingNumber)).toContain('R-2');

    const moving = await commandsSent(world.database.db, world.database.uri, (db) => createTrackingStore(db).moveFinishedRoutes());
    expect(moving).toEqual(['find tracking_active', 'update tracking_numbers', 'delete tracking_active']);
    expect(await active().findOne({ _id: 'R-2' })).toBeNull();
    const route = await finished().findOne({ _id: 'R-2' });
    expect(route).toMatchObject({ trackingNumber: 'R-2', claimId: 'C-R-2', workflowId: 'claim-C-R-2', active: false, registered: true, lastStatus: 'DELIVERED' });
    expect(route).not.toHaveProperty('awaitingMove');
    expect(route).toMatchObject({ deliveredKeys: expect.arrayContaining(delivered.history.map((event) => `R-2|${event.status}|${event.occurredAt}`)) });
    expect(await store.moveFinishedRoutes()).toBe(0);

    await expect(webhookOnce(delivered)).resolves.toEqual({ routed: true, delivered: 0, duplicates: 3, stale: 0 });
    expect(signalled.map((event) => event.status)).toEqual(['PRE_TRANSIT', 'TRANSIT', 'DELIVERED']);
    expect(await store.findRoute('R-2')).toMatchObject({ active: false, lastStatus: 'DELIVERED' });
    expect(await active().countDocuments({ _id: 'R-2' })).toBe(0);
  });

  it('a leg\'s later events skip the read: the ingest remembers the route as it noted it; one another process moved on is signalled again', async () => {
    const store = createTrackingStore(world.database.db);
    await store.insertRoute(owner('R-5'), true, new Date());
    const signalled: TrackingEvent[] = [];
    const delivered = snapshotOf('R-5', ['TRANSIT', 'TRANSIT', 'DELIVERED']);
    const sent = await commandsSent(world.database.db, world.database.uri, async (db) => {
      const ingest = createTrackingIngest({ db, deliver: async ({ event }) => {
        signalled.push(event);
      } });
      await expect(ingest(snapshotOf('R-5', ['TRANSIT']))).resolves.toEqual({ routed: true, delivered: 1, duplicates: 0, stale: 0 });
      await expect(ingest(snapshotOf('R-5', ['TRANSIT', 'TRANSIT']))).resolves.toMatchObject({ delivered: 1, duplicates: 1 });
      await expect(ingest(snapshotOf('R-5', ['TRANSIT', 'TRANSIT']))).resolves.toMatchObject({ delivered: 0, duplicates: 2 });
      await ingest.flush();
      // Another process (a second API, or the poller) signals DELIVERED: this ingest's memory is behind, so its
      // repeat of DELIVERED is signalled once more (the workflow drops it by eventId) and the route ends the same.
      await webhookOnce(delivered);
      await expect(ingest(delivered)).resolves.toMatchObject({ delivered: 1, duplicates: 2 });
      await ingest.close();
    });
    // One read; the three notes of the leg's first webhooks are written together, then the last one's.
    expect(sent).toEqual(['find tracking_active', 'update tracking_active', 'update tracking_active']);
    expect(signalled.map((event) => event.status)).toEqual(['TRANSIT', 'TRANSIT', 'DELIVERED']);
    expect(await store.findRoute('R-5')).toMatchObject({ active: false, awaitingMove: true, lastStatus: 'DELIVERED' });
    await expect(webhookOnce(delivered)).resolves.toEqual({ routed: true, delivered: 0, duplicates: 3, stale: 0 });
  });

  it('a claim\'s labels bought together: reading one leg\'s route remembers the other\'s, whose first event then skips the read', async () => {
    const outbound: RouteOwner = { ...owner('P-OUT'), claimId: 'C-PAIR', workflowId: 'claim-C-PAIR', pairedLeg: { trackingNumber: 'P-RET', leg: 'return', carrier: 'USPS' } };
    const back: RouteOwner = { ...owner('P-RET'), claimId: 'C-PAIR', workflowId: 'claim-C-PAIR', leg: 'return', carrier: 'USPS', pairedLeg: { trackingNumber: 'P-OUT', leg: 'outbound', carrier: 'UPS' } };
    await createTrackingStore(world.database.db).insertRoutes([{ owner: outbound, registered: true }, { owner: back, registered: true }], new Date());
    const deliveries: Array<{ claimId: string; leg: string; workflowId?: string; status: string }> = [];
    const sent = await commandsSent(world.database.db, world.database.uri, async (db) => {
      const ingest = createTrackingIngest({ db, deliver: async ({ claimId, leg, workflowId, event }) => {
        deliveries.push({ claimId, leg, ...(workflowId ? { workflowId } : {}), status: event.status });
      } });
      await ingest(snapshotOf('P-OUT', ['TRANSIT']));
      await ingest(snapshotOf('P-RET', ['TRANSIT']));
      await ingest(snapshotOf('P-RET', ['TRANSIT', 'DELIVERED']));
      await ingest.close();
    });
    expect(sent).toEqual(['find tracking_active', 'update tracking_active']); // one read; the three notes of both legs in one write
    expect(deliveries).toEqual([
      { claimId: 'C-PAIR', leg: 'outbound', workflowId: 'claim-C-PAIR', status: 'TRANSIT' },
      { claimId: 'C-PAIR', leg: 'return', workflowId: 'claim-C-PAIR', status: 'TRANSIT' },
      { claimId: 'C-PAIR', leg: 'return', workflowId: 'claim-C-PAIR', status: 'DELIVERED' },
    ]);
    expect(await active().findOne({ _id: 'P-RET' })).toMatchObject({ leg: 'return', carrier: 'USPS', lastStatus: 'DELIVERED', active: false, awaitingMove: true });
    expect(await active().findOne({ _id: 'P-OUT' })).toMatchObject({ leg: 'outbound', lastStatus: 'TRANSIT', active: true });
  });

  it('moves many finished routes in two writes; a crash between the copies and the deletes loses nothing, and the route is still routed', async () => {
    const db = world.database.client.db(`${world.database.db.databaseName}_moves`);
    const store = createTrackingStore(db);
    const numbers = Array.from({ length: 30 }, (_, i) => `M-${i}`);
    for (const number of numbers) await store.insertRoute(owner(number), true, new Date());
    const { ingest: webhook } = webhookIngest(db);
    for (const number of numbers) await webhook(snapshotOf(number, ['TRANSIT', 'DELIVERED']));
    await webhook.flush();
    await store.insertRoute(owner('M-open'), true, new Date());

    await expect(createTrackingStore(failingDeletesOf(db, CarrierCollections.trackingActive)).moveFinishedRoutes()).rejects.toThrow('crashed before the delete');
    expect(await finished(db).countDocuments({})).toBe(30);
    expect(await active(db).countDocuments({})).toBe(31);
    const { ingest, signalled } = webhookIngest(db);
    await expect(ingest(snapshotOf('M-3', ['TRANSIT', 'DELIVERED']))).resolves.toEqual({ routed: true, delivered: 0, duplicates: 2, stale: 0 });
    await ingest.flush();

    const sent = await commandsSent(db, world.database.uri, async (monitoredDb) => {
      await expect(createTrackingStore(monitoredDb).moveFinishedRoutes()).resolves.toBe(30);
    });
    expect(sent).toEqual(['find tracking_active', 'update tracking_numbers', 'delete tracking_active']);
    await expect(store.moveFinishedRoutes()).resolves.toBe(0);
    expect((await active(db).find({}).toArray()).map((entry) => entry._id)).toEqual(['M-open']);
    expect(await finished(db).find({ active: false, lastStatus: 'DELIVERED' }).count()).toBe(30);
    expect(signalled).toEqual([]);
    await db.dropDatabase();
  });

  it('the poller\'s due whole routes come from tracking_active alone, oldest first, at most `limit`', async () => {
    const db = world.database.client.db(`${world.database.db.databaseName}_due`);
    const store = createTrackingStore(db);
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 28, 8, minutes));
    await store.insertRoute(owner('D-2'), true, at(10));
    await store.insertRoute(owner('D-1'), true, at(0));
    await store.insertRoute(owner('D-3'), true, at(90));
    let due: Array<{ trackingNumber: string; claimId: string }> = [];
    const sent = await commandsSent(db, world.database.uri, async (monitoredDb) => {
      due = (await createTrackingStore(monitoredDb).dueRoutes(at(60), 50)).stale;
    });
    expect(sent).toEqual(['find tracking_active']);
    expect(due.map((route) => [route.trackingNumber, route.claimId])).toEqual([['D-1', 'C-D-1'], ['D-2', 'C-D-2']]);
    expect((await store.dueRoutes(at(60), 1)).stale.map((route) => route.trackingNumber)).toEqual(['D-1']);
    await db.dropDatabase();
  });

  it('a retry saves the route where it is, keeps its progress, and a void moves it out of the working set', async () => {
    const store = createTrackingStore(world.database.db);
    expect(await store.saveRoute(owner('R-4'), new Date())).toMatchObject({ _id: 'R-4', active: true, registered: false });
    expect(await active().findOne({ _id: 'R-4' })).toMatchObject({ claimId: 'C-R-4', registered: false });
    const sent = await commandsSent(world.database.db, world.database.uri, (db) => createTrackingStore(db).markRegistered('R-4'));
    expect(sent).toEqual(['update tracking_active']);
    await webhookOnce(snapshotOf('R-4', ['TRANSIT']));
    expect(await store.saveRoute(owner('R-4'), new Date())).toMatchObject({ registered: true, lastStatus: 'TRANSIT', active: true });

    await store.deactivate('R-4');
    expect(await active().countDocuments({ _id: 'R-4' })).toBe(0);
    expect(await finished().findOne({ _id: 'R-4' })).toMatchObject({ claimId: 'C-R-4', registered: true, lastStatus: 'TRANSIT', active: false });
    expect(await store.saveRoute(owner('R-4'), new Date())).toMatchObject({ active: false, lastStatus: 'TRANSIT' });
    expect(await active().countDocuments({ _id: 'R-4' })).toBe(0);
    await store.deactivate('R-4');
    expect(await store.findRoute('R-4')).toMatchObject({ active: false });
  });
});

/** `db`, except that every `deleteOne` on `collectionName` fails (as a crash right before it would). */
function failingDeletesOf(db: Db, collectionName: string): Db {
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'collection') return Reflect.get(target, property, target) as unknown;
      return (name: string) => {
        const collection = target.collection(name);
        if (name !== collectionName) return collection;
        return new Proxy(collection, {
          get(inner, key) {
            if (key === 'deleteOne' || key === 'bulkWrite') return () => Promise.reject(new Error('crashed before the delete'));
            const value = Reflect.get(inner, key, inner) as unknown;
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(inner) : value;
          },
        });
      };
    },
  });
}
