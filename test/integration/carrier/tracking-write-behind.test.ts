/** The ingest's progress notes, written behind on real FerretDB: many routes' notes in one command per flush. */
import { MongoClient, MongoNetworkError, type Db } from 'mongodb';
import { CarrierCollections } from '../../../carrier/indexes';
import type { TrackingSnapshot } from '../../../carrier/port';
import { createTrackingIngest, type TrackingIngestOptions } from '../../../carrier/tracking-ingest';
import type { RouteOwner, TrackingRoute } from '../../../carrier/tracking-route';
import { createTrackingStore } from '../../../carrier/tracking-store';
import type { TrackingEvent, TrackingStatus } from '../../../domain/types';
import { carrierTestWorld } from './fixtures';

const world = carrierTestWorld();

const T0 = Date.UTC(2026, 10, 28, 8);
const owner = (trackingNumber: string): RouteOwner => ({ trackingNumber, claimId: `C-${trackingNumber}`, leg: 'outbound', carrier: 'UPS', workflowId: `claim-C-${trackingNumber}` });
const active = (db: Db = world.database.db) => db.collection<TrackingRoute>(CarrierCollections.trackingActive);

/** A carrier snapshot whose history holds `statuses`, an hour apart. */
function snapshotOf(trackingNumber: string, statuses: TrackingStatus[]): TrackingSnapshot {
  const history = statuses.map((status, index) => ({ eventId: `${trackingNumber}-${index}`, status, occurredAt: new Date(T0 + index * 3_600_000).toISOString() }));
  return { carrier: 'ups', trackingNumber, status: statuses[statuses.length - 1]!, history };
}

/** Inserts the routes of `numbers` (active, nothing signalled yet). */
async function insertRoutes(numbers: string[], db: Db = world.database.db): Promise<void> {
  await createTrackingStore(db).insertRoutes(numbers.map((number) => ({ owner: owner(number), registered: true })), new Date(T0));
}

/** An ingest as the webhook handler builds it, with the warnings it logs and the events it signals. */
function webhookIngest(options: Partial<TrackingIngestOptions> = {}) {
  const warnings: Array<{ fields: object; message: string }> = [];
  const signalled: TrackingEvent[] = [];
  const ingest = createTrackingIngest({
    db: world.database.db,
    deliver: async ({ event }) => {
      signalled.push(event);
    },
    log: { info: () => undefined, warn: (fields, message) => warnings.push({ fields, message }) },
    ...options,
  });
  return { ingest, warnings, signalled };
}

/** Waits until `check` holds (up to 5 s). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await check()); waited += 25) {
    if (waited > 5_000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('progress notes written behind', () => {
  it('the notes of 20 routes ingested in one flush window go to the database in one update command', async () => {
    const numbers = Array.from({ length: 20 }, (_, i) => `WB-${i}`);
    await insertRoutes(numbers);
    const monitored = await MongoClient.connect(world.database.uri, { monitorCommands: true });
    const sent: string[] = [];
    monitored.on('commandStarted', (event) => sent.push(`${event.commandName} ${String(event.command[event.commandName])}`));
    try {
      const ingest = createTrackingIngest({ db: monitored.db(world.database.db.databaseName), deliver: async () => undefined }); // as the webhook handler builds it
      await Promise.all(numbers.map((number) => ingest(snapshotOf(number, ['PRE_TRANSIT', 'TRANSIT']))));
      expect(sent).toEqual(numbers.map(() => 'find tracking_active')); // each route read once, nothing written yet
      await ingest.flush();
      expect(sent.slice(numbers.length)).toEqual(['update tracking_active']);
      await ingest.close();
    } finally {
      await monitored.close();
    }
    for (const number of numbers) {
      expect(await active().findOne({ _id: number })).toMatchObject({
        active: true, lastStatus: 'TRANSIT', lastOccurredAt: new Date(T0 + 3_600_000).toISOString(),
        deliveredKeys: expect.arrayContaining([`${number}|PRE_TRANSIT|${new Date(T0).toISOString()}`]),
      });
    }
  });

  it('two notes of one route in one window end with the later position; the process sees it before the write', async () => {
    await insertRoutes(['WB-SAME']);
    const { ingest, signalled } = webhookIngest({ progressFlushMs: 60_000 });
    await expect(ingest(snapshotOf('WB-SAME', ['TRANSIT']))).resolves.toMatchObject({ delivered: 1 });
    await expect(ingest(snapshotOf('WB-SAME', ['TRANSIT', 'DELIVERED']))).resolves.toEqual({ routed: true, delivered: 1, duplicates: 1, stale: 0 });
    await expect(ingest(snapshotOf('WB-SAME', ['TRANSIT', 'DELIVERED']))).resolves.toMatchObject({ delivered: 0, duplicates: 2 }); // remembered
    expect(await active().findOne({ _id: 'WB-SAME' })).not.toHaveProperty('lastStatus');

    await ingest.close();
    expect(await active().findOne({ _id: 'WB-SAME' })).toMatchObject({ lastStatus: 'DELIVERED', active: false, awaitingMove: true });
    expect(signalled.map((event) => event.status)).toEqual(['TRANSIT', 'DELIVERED']);
    const other = webhookIngest({ progressFlushMs: 0 }); // another process reads the route as written
    await expect(other.ingest(snapshotOf('WB-SAME', ['TRANSIT', 'DELIVERED']))).resolves.toMatchObject({ delivered: 0, duplicates: 2 });
  });

  it('a flush that fails keeps its notes, and the next tick writes them', async () => {
    await insertRoutes(['WB-DOWN-1', 'WB-DOWN-2', 'WB-DOWN-3']);
    const database = { down: true };
    const { ingest, warnings } = webhookIngest({ db: writesFailingWhile(world.database.db, database), progressFlushMs: 300 });
    await Promise.all(['WB-DOWN-1', 'WB-DOWN-2', 'WB-DOWN-3'].map((number) => ingest(snapshotOf(number, ['TRANSIT']))));
    await eventually(async () => warnings.length >= 2);
    expect(warnings[0]).toEqual({ fields: { count: 3, error: 'database down' }, message: 'tracking progress notes not written; kept for the next flush' });
    expect(await active().countDocuments({ _id: { $in: ['WB-DOWN-1', 'WB-DOWN-2', 'WB-DOWN-3'] }, lastStatus: 'TRANSIT' })).toBe(0);

    database.down = false;
    await eventually(async () => (await active().countDocuments({ _id: { $in: ['WB-DOWN-1', 'WB-DOWN-2', 'WB-DOWN-3'] }, lastStatus: 'TRANSIT' })) === 3);
    await ingest.close();
  });

  it('a note the database refuses is dropped, with a warning, and the rest of its batch is written one at a time', async () => {
    await insertRoutes(['WB-OK-1', 'WB-BAD', 'WB-OK-2']);
    await active().updateOne({ _id: 'WB-BAD' }, { $set: { deliveredKeys: 'not a list' as never } }); // $addToSet cannot apply
    const { ingest, warnings } = webhookIngest({ progressFlushMs: 60_000 });
    for (const number of ['WB-OK-1', 'WB-BAD', 'WB-OK-2']) await ingest(snapshotOf(number, ['TRANSIT']));
    await ingest.close();
    expect(await active().findOne({ _id: 'WB-OK-1' })).toMatchObject({ lastStatus: 'TRANSIT' });
    expect(await active().findOne({ _id: 'WB-OK-2' })).toMatchObject({ lastStatus: 'TRANSIT' });
    expect(await active().findOne({ _id: 'WB-BAD' })).not.toHaveProperty('lastStatus');
    expect(warnings.map((warning) => warning.message)).toEqual(['tracking progress note refused by the database; dropped']);
    expect(warnings[0]?.fields).toMatchObject({ trackingNumber: 'WB-BAD' });
  });

  it('a note whose route left the working set since is written where the route is now, beside the batch\'s others', async () => {
    await insertRoutes(['WB-MOVED', 'WB-STAYS']);
    let clock = T0 + 86_400_000;
    const { ingest } = webhookIngest({ progressFlushMs: 60_000, now: () => new Date(clock) });
    await ingest(snapshotOf('WB-MOVED', ['TRANSIT', 'DELIVERED']));
    await ingest.flush();
    await createTrackingStore(world.database.db).moveFinishedRoutes(); // the poller's round moves it (and other tests' finished routes)
    expect(await active().findOne({ _id: 'WB-MOVED' })).toBeNull();

    clock += 60_000; // a repeat to this process, which remembers the route as still in the working set
    await expect(ingest(snapshotOf('WB-MOVED', ['TRANSIT', 'DELIVERED']))).resolves.toMatchObject({ delivered: 0, duplicates: 2 });
    await ingest(snapshotOf('WB-STAYS', ['TRANSIT']));
    await ingest.close();
    expect(await createTrackingStore(world.database.db).findRoute('WB-MOVED')).toMatchObject({ active: false, lastStatus: 'DELIVERED', lastUpdateAt: new Date(clock) });
    expect(await active().findOne({ _id: 'WB-MOVED' })).toBeNull();
    expect(await active().findOne({ _id: 'WB-STAYS' })).toMatchObject({ lastStatus: 'TRANSIT', lastUpdateAt: new Date(clock) });
  });

  it('with progressFlushMs 0 each note is written before the ingest returns, and once closed a note is written without waiting', async () => {
    await insertRoutes(['WB-NOW', 'WB-CLOSED']);
    const { ingest } = webhookIngest({ progressFlushMs: 0 });
    await ingest(snapshotOf('WB-NOW', ['TRANSIT']));
    expect(await active().findOne({ _id: 'WB-NOW' })).toMatchObject({ lastStatus: 'TRANSIT' });

    const closing = webhookIngest({ progressFlushMs: 60_000 });
    await closing.ingest.close();
    await closing.ingest(snapshotOf('WB-CLOSED', ['TRANSIT']));
    await eventually(async () => (await active().findOne({ _id: 'WB-CLOSED' }))?.lastStatus === 'TRANSIT');
  });
});

/** `db`, except that writes to `tracking_active` fail as with the database unreachable while `state.down`. */
function writesFailingWhile(db: Db, state: { down: boolean }): Db {
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'collection') return Reflect.get(target, property, target) as unknown;
      return (name: string) => {
        const collection = target.collection(name);
        if (name !== CarrierCollections.trackingActive) return collection;
        return new Proxy(collection, {
          get(inner, key) {
            const value = Reflect.get(inner, key, inner) as unknown;
            if (typeof value !== 'function') return value;
            const method = (value as (...args: unknown[]) => unknown).bind(inner);
            if (key !== 'bulkWrite' && key !== 'updateOne') return method;
            return (...args: unknown[]) => (state.down ? Promise.reject(new MongoNetworkError('database down')) : method(...args));
          },
        });
      };
    },
  });
}
