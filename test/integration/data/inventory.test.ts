/** Reservation, release and restock of refurbished units on the real FerretDB. */
import { createInventoryActivities } from '../../../activities/inventory';
import { createClaimActivities } from '../../../activities/claims';
import { collection, collectionNames } from '../../../data/collections';
import { reserveArrivedUnits, restockUnits, waitingClaims } from '../../../data/inventory';
import { migrate } from '../../../activities/database';
import { MongoClient } from 'mongodb';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimOpenedInput, insertModels, insertUnits } from './support';

let test$: TestDatabase;
const clock = () => new Date('2026-11-29T12:00:00.000Z');

beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
  await insertModels(test$.db, [['yealink-t54w', 'yealink-t46u', 'poly-vvx-450'], ['yealink-t46u'], ['poly-vvx-450'], ['cisco-8841', 'cisco-7841'], ['cisco-7841'], ['poly-edge-e350', 'cisco-7841']]);
});
afterAll(async () => test$?.close());

const reservations = () => collection(test$.db, collectionNames.unitReservations);
const shelf = () => collection(test$.db, collectionNames.unitsAvailable);
/** Where the grade-A units of a model are: on the shelf, or held by a reservation (reserved or shipped). */
const stockOfModel = async (model: string) => ({
  available: await shelf().countDocuments({ model }),
  reserved: await reservations().countDocuments({ model, state: 'reserved' }),
  shipped: await reservations().countDocuments({ model, state: 'shipped' }),
});

describe('reserveUnit under concurrency', () => {
  beforeAll(async () => {
    await insertUnits(test$.db, 'yealink-t54w', 10);
    await insertUnits(test$.db, 'yealink-t54w', 5, 'B');
    await insertUnits(test$.db, 'yealink-t46u', 6);
    await insertUnits(test$.db, 'poly-vvx-450', 4);
  });

  it('gives 10 claims the same model, 10 a similar model in list order, and none to the other 30; no unit twice', async () => {
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    const claimIds = Array.from({ length: 50 }, (_, i) => `C-CONC-${i}`);
    const results = await Promise.all(claimIds.map((claimId) => reserveUnit({ claimId, model: 'yealink-t54w' })));

    const granted = results.filter((r) => r !== null);
    expect(granted.filter((r) => r.model === 'yealink-t54w' && r.sameModel)).toHaveLength(10);
    expect(granted.filter((r) => r.model === 'yealink-t46u' && !r.sameModel)).toHaveLength(6);
    expect(granted.filter((r) => r.model === 'poly-vvx-450' && !r.sameModel)).toHaveLength(4);
    expect(results.filter((r) => r === null)).toHaveLength(30);
    expect(new Set(granted.map((r) => r.unitId)).size).toBe(20);

    const held = await reservations().find({ state: 'reserved' }).toArray();
    expect(held).toHaveLength(20);
    expect(new Set(held.map((r) => r.claimId)).size).toBe(20);
    expect(new Set(held.map((r) => r.unitId)).size).toBe(20);
    for (const [i, result] of results.entries()) {
      if (result) expect(held.find((r) => r.unitId === result.unitId)?.claimId).toBe(claimIds[i]);
    }
    // Reserved units left the shelf; grade B never joined it, and no claim holds one.
    expect(await shelf().countDocuments({ _id: { $in: held.map((r) => r.unitId) } } as never)).toBe(0);
    expect(await reservations().countDocuments({ unitId: { $regex: '-B-' } })).toBe(0);
    expect(await stockOfModel('yealink-t54w')).toEqual({ available: 0, reserved: 10, shipped: 0 });
  });
});

describe('reserveUnit retries', () => {
  beforeAll(async () => insertUnits(test$.db, 'cisco-8841', 3));

  it('returns the unit already reserved for the claim when run twice', async () => {
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    const first = await reserveUnit({ claimId: 'C-RETRY-1', model: 'cisco-8841' });
    const second = await reserveUnit({ claimId: 'C-RETRY-1', model: 'cisco-8841' });
    expect(first).toEqual({ unitId: expect.stringMatching(/^cisco-8841-A-/), model: 'cisco-8841', sameModel: true });
    expect(second).toEqual(first);
    expect(await reservations().countDocuments({ claimId: 'C-RETRY-1' })).toBe(1);
  });

  it('leaves exactly one unit reserved when five attempts for the same claim overlap', async () => {
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    const results = await Promise.all(Array.from({ length: 5 }, () => reserveUnit({ claimId: 'C-RETRY-2', model: 'cisco-8841' })));
    const held = await reservations().find({ claimId: 'C-RETRY-2', state: 'reserved' }).toArray();
    expect(held).toHaveLength(1);
    expect(new Set(results.map((r) => r?.unitId))).toEqual(new Set([held[0]?.unitId]));
    expect(await stockOfModel('cisco-8841')).toEqual({ available: 1, reserved: 2, shipped: 0 });
  });

  it('releases the unit back to stock once; a second release and an unknown claim change nothing', async () => {
    const { releaseUnit } = createInventoryActivities({ db: test$.db, clock });
    await releaseUnit({ claimId: 'C-RETRY-1' });
    await releaseUnit({ claimId: 'C-RETRY-1' });
    await releaseUnit({ claimId: 'C-NEVER' });
    expect(await reservations().countDocuments({ claimId: 'C-RETRY-1' })).toBe(0);
    expect(await stockOfModel('cisco-8841')).toEqual({ available: 2, reserved: 1, shipped: 0 });
  });

  it('does not release a unit that has shipped', async () => {
    const claims = createClaimActivities({ db: test$.db, clock });
    const { reserveUnit, releaseUnit } = createInventoryActivities({ db: test$.db, clock });
    await claims.recordClaimOpened(claimOpenedInput('C-SHIP'));
    const unit = await reserveUnit({ claimId: 'C-SHIP', model: 'cisco-8841' });
    await claims.updateClaim({ claimId: 'C-SHIP', status: 'shipped', entry: { key: 'shipped', at: clock().toISOString(), message: 'Handed to carrier' } });
    await releaseUnit({ claimId: 'C-SHIP' });
    expect(await reservations().findOne({ unitId: unit?.unitId })).toMatchObject({ claimId: 'C-SHIP', state: 'shipped', shippedAt: clock().toISOString() });
    expect(await shelf().findOne({ _id: unit?.unitId } as never)).toBeNull();
  });

  it('rejects bad input with the field and reason, as a non-retryable InvalidData failure', async () => {
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    await expect(reserveUnit({ claimId: '', model: 'cisco-8841' })).rejects.toMatchObject({
      type: 'InvalidData', nonRetryable: true, message: expect.stringContaining('claimId: must not be empty'),
    });
  });
});

describe('back-orders and restock', () => {
  it('puts claims without stock on the waiting list, oldest first, and serves them with arrived units first come, first served', async () => {
    const claims = createClaimActivities({ db: test$.db, clock });
    const { reserveUnit, releaseUnit } = createInventoryActivities({ db: test$.db, clock });
    for (const [claimId, model] of [['C-BO-1', 'cisco-7841'], ['C-BO-2', 'poly-edge-e350'], ['C-BO-3', 'yealink-t46u'], ['C-BO-4', 'cisco-7841']] as const) {
      await claims.recordClaimOpened({ ...claimOpenedInput(claimId), openedAt: `2026-11-2${claimId.at(-1)}T09:00:00.000Z` });
      expect(await reserveUnit({ claimId, model })).toBeNull();
      expect(await reserveUnit({ claimId, model })).toBeNull(); // a retry keeps one entry and its place
    }
    const mine = (await waitingClaims(test$.db)).filter((w) => w.claimId.startsWith('C-BO-'));
    expect(mine.map((w) => [w.claimId, w.model, w.workflowId])).toEqual([
      ['C-BO-1', 'cisco-7841', 'claim-C-BO-1'], ['C-BO-2', 'poly-edge-e350', 'claim-C-BO-2'],
      ['C-BO-3', 'yealink-t46u', 'claim-C-BO-3'], ['C-BO-4', 'cisco-7841', 'claim-C-BO-4'],
    ]);
    const waitingT54w = (await waitingClaims(test$.db)).filter((w) => w.model === 'yealink-t54w');
    expect(waitingT54w).toHaveLength(30); // the 30 left without stock above, opened before the C-BO claims

    // Two cisco-7841 units: C-BO-1 wants that model, C-BO-2 (poly-edge-e350) lists it as similar; C-BO-4 came later.
    const arrived = await restockUnits(test$.db, [{ unitId: 'R-1', model: 'cisco-7841' }, { unitId: 'R-2', model: 'cisco-7841' }]);
    expect(arrived.map((u) => u.unitId)).toEqual(['R-1', 'R-2']);
    expect(await restockUnits(test$.db, [{ unitId: 'R-1', model: 'cisco-7841' }])).toEqual([]);
    const served = await reserveArrivedUnits(test$.db, arrived, clock());
    expect(served.map((s) => [s.claimId, s.unit.model, s.unit.sameModel])).toEqual([['C-BO-1', 'cisco-7841', true], ['C-BO-2', 'cisco-7841', false]]);
    expect(new Set(served.map((s) => s.unit.unitId))).toEqual(new Set(['R-1', 'R-2']));
    expect(await reserveArrivedUnits(test$.db, arrived, clock())).toEqual(served); // re-run: the same claims (to re-signal), no unit twice

    // The woken workflows' own reserveUnit finds the reservation and takes them off the list.
    expect(await reserveUnit({ claimId: 'C-BO-1', model: 'cisco-7841' })).toMatchObject({ model: 'cisco-7841', sameModel: true });
    expect(await reserveUnit({ claimId: 'C-BO-2', model: 'poly-edge-e350' })).toMatchObject({ model: 'cisco-7841', sameModel: false });
    expect((await waitingClaims(test$.db)).map((w) => w.claimId)).toEqual(expect.arrayContaining(['C-BO-3', 'C-BO-4']));
    expect((await waitingClaims(test$.db)).map((w) => w.claimId)).not.toEqual(expect.arrayContaining(['C-BO-1']));
    expect(await reservations().findOne({ unitId: 'R-1' })).toMatchObject({ claimId: 'C-BO-1', state: 'reserved' });

    // A unit no waiting claim accepts serves nobody; a cancelled claim leaves the list.
    expect(await reserveArrivedUnits(test$.db, [{ unitId: 'R-X', model: 'unknown-model' }], clock())).toEqual([]);
    await releaseUnit({ claimId: 'C-BO-3' });
    expect((await waitingClaims(test$.db)).map((w) => w.claimId)).not.toContain('C-BO-3');
  });

  it('serves each waiting claim once when two restocks of the same model run at the same time', async () => {
    const claims = createClaimActivities({ db: test$.db, clock });
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    await insertModels(test$.db, [['grandstream-grp2612']]);
    const ids = Array.from({ length: 8 }, (_, i) => `C-CON-${i + 1}`);
    for (const [i, claimId] of ids.entries()) {
      await claims.recordClaimOpened({ ...claimOpenedInput(claimId), openedAt: `2026-11-01T09:00:0${i}.000Z` });
      expect(await reserveUnit({ claimId, model: 'grandstream-grp2612' })).toBeNull();
    }
    const batch = (prefix: string) => Array.from({ length: 3 }, (_, i) => ({ unitId: `${prefix}-${i + 1}`, model: 'grandstream-grp2612' }));
    const [first, second] = await Promise.all([
      restockUnits(test$.db, batch('GA')).then((units) => reserveArrivedUnits(test$.db, units, clock())),
      restockUnits(test$.db, batch('GB')).then((units) => reserveArrivedUnits(test$.db, units, clock())),
    ]);
    const servedIds = [...first, ...second].map((s) => s.claimId);
    const reserved = await reservations().find({ claimId: { $in: ids } }).toArray();
    expect(reserved).toHaveLength(6); // six units, six claims
    expect(new Set(reserved.map((r) => r.unitId)).size).toBe(6); // no unit twice
    expect(reserved.map((r) => r.claimId).sort()).toEqual(ids.slice(0, 6)); // the six oldest
    expect(new Set(servedIds)).toEqual(new Set(ids.slice(0, 6)));
  });
});

describe('reserveUnit with a large stock', () => {
  it('reads a batch of candidates, not the whole stock, and still finds a unit when the first ones are taken', async () => {
    const monitored = new MongoClient(test$.uri, { monitorCommands: true });
    const returned: number[] = [];
    monitored.on('commandSucceeded', (event) => {
      const cursor = (event.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
      if (event.commandName === 'find' || event.commandName === 'getMore') returned.push((cursor?.firstBatch ?? cursor?.nextBatch ?? []).length);
    });
    const db = monitored.db(test$.db.databaseName);
    try {
      await insertUnits(test$.db, 'cisco-9861', 300);
      const { reserveUnit } = createInventoryActivities({ db, clock });
      const first = await reserveUnit({ claimId: 'C-BIG-1', model: 'cisco-9861' });
      expect(first).toMatchObject({ model: 'cisco-9861', sameModel: true });
      expect(returned.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60);
      // 40 concurrent claims: the first batch is contended, later batches are read; every claim gets its own unit.
      const many = await Promise.all(Array.from({ length: 40 }, (_, i) => reserveUnit({ claimId: `C-BIG-${i + 2}`, model: 'cisco-9861' })));
      expect(many.every((unit) => unit?.model === 'cisco-9861')).toBe(true);
      expect(new Set(many.map((unit) => unit!.unitId)).size).toBe(40);
    } finally {
      await monitored.close();
    }
  });
});

describe('reserveUnit past a full first batch', () => {
  it('finds the one free unit behind 25 shelf entries that other claims hold (leftovers of crashed wins)', async () => {
    await insertUnits(test$.db, 'poly-edge-e350', 26, 'A', 'E350');
    const shelved = (await collection(test$.db, collectionNames.unitsAvailable).find({ model: 'poly-edge-e350' }).toArray()).map((doc) => String(doc._id));
    expect(shelved).toHaveLength(26);
    // The reservations exist but their shelf entries were never removed (the winner died before unshelving).
    const heldElsewhere = shelved.slice(0, 25);
    await reservations().insertMany(heldElsewhere.map((unitId, i) => ({
      _id: `C-LEFTOVER-${i}`, unitId, claimId: `C-LEFTOVER-${i}`, model: 'poly-edge-e350', state: 'reserved', reservedAt: clock().toISOString(),
    })) as never[]);
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    const unit = await reserveUnit({ claimId: 'C-PAST-BATCH', model: 'poly-edge-e350', neverWaited: true });
    expect(unit).toEqual({ unitId: shelved[25], model: 'poly-edge-e350', sameModel: true });
    expect(await reservations().findOne({ _id: 'C-PAST-BATCH' as never })).toMatchObject({ unitId: shelved[25] });
  });
});
