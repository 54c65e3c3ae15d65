/** Reservation, release and restock of refurbished units on the real FerretDB. */
import { createInventoryActivities } from '../../../activities/inventory';
import { createClaimActivities } from '../../../activities/claims';
import { collection, collectionNames } from '../../../data/collections';
import { backorderedClaimsFor, restockUnits, stockOfModel } from '../../../data/inventory';
import { migrate } from '../../../data/migrate';
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

const units = () => collection(test$.db, collectionNames.inventoryUnits);
const reservations = () => collection(test$.db, collectionNames.unitReservations);

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

    const reserved = await units().find({ status: 'reserved' }).toArray();
    expect(reserved).toHaveLength(20);
    expect(new Set(reserved.map((u) => u.reservedFor)).size).toBe(20);
    for (const [i, result] of results.entries()) {
      if (result) expect(reserved.find((u) => u.unitId === result.unitId)?.reservedFor).toBe(claimIds[i]);
    }
    expect(await units().countDocuments({ grade: 'B', status: 'available' })).toBe(5);
    const held = await reservations().find({}).toArray();
    expect(held).toHaveLength(20);
    expect(new Set(held.map((r) => r.unitId)).size).toBe(20);
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
    expect(await units().countDocuments({ reservedFor: 'C-RETRY-1' })).toBe(1);
  });

  it('leaves exactly one unit reserved when five attempts for the same claim overlap', async () => {
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    const results = await Promise.all(Array.from({ length: 5 }, () => reserveUnit({ claimId: 'C-RETRY-2', model: 'cisco-8841' })));
    const held = await units().find({ reservedFor: 'C-RETRY-2', status: 'reserved' }).toArray();
    expect(held).toHaveLength(1);
    expect(await reservations().countDocuments({ claimId: 'C-RETRY-2' })).toBe(1);
    expect(new Set(results.map((r) => r?.unitId))).toEqual(new Set([held[0]?.unitId]));
    expect(await stockOfModel(test$.db, 'cisco-8841')).toEqual({ available: 1, reserved: 2, shipped: 0 });
  });

  it('releases the unit back to stock once; a second release and an unknown claim change nothing', async () => {
    const { releaseUnit } = createInventoryActivities({ db: test$.db, clock });
    await releaseUnit({ claimId: 'C-RETRY-1' });
    await releaseUnit({ claimId: 'C-RETRY-1' });
    await releaseUnit({ claimId: 'C-NEVER' });
    expect(await units().countDocuments({ reservedFor: 'C-RETRY-1' })).toBe(0);
    expect(await stockOfModel(test$.db, 'cisco-8841')).toEqual({ available: 2, reserved: 1, shipped: 0 });
  });

  it('does not release a unit that has shipped', async () => {
    const claims = createClaimActivities({ db: test$.db, clock });
    const { reserveUnit, releaseUnit } = createInventoryActivities({ db: test$.db, clock });
    await claims.recordClaimOpened(claimOpenedInput('C-SHIP'));
    const unit = await reserveUnit({ claimId: 'C-SHIP', model: 'cisco-8841' });
    await claims.updateClaim({ claimId: 'C-SHIP', status: 'shipped', entry: { key: 'shipped', at: clock().toISOString(), message: 'Handed to carrier' } });
    await releaseUnit({ claimId: 'C-SHIP' });
    expect(await units().findOne({ unitId: unit?.unitId })).toMatchObject({ status: 'shipped', reservedFor: 'C-SHIP' });
  });

  it('rejects bad input with the field and reason, as a non-retryable InvalidData failure', async () => {
    const { reserveUnit } = createInventoryActivities({ db: test$.db, clock });
    await expect(reserveUnit({ claimId: '', model: 'cisco-8841' })).rejects.toMatchObject({
      type: 'InvalidData', nonRetryable: true, message: expect.stringContaining('claimId: must not be empty'),
    });
  });
});

describe('back-orders and restock', () => {
  it('puts claims without stock on the waiting list and finds them for the restocked model and models accepting it', async () => {
    const claims = createClaimActivities({ db: test$.db, clock });
    const { reserveUnit, releaseUnit } = createInventoryActivities({ db: test$.db, clock });
    for (const [claimId, model] of [['C-BO-1', 'cisco-7841'], ['C-BO-2', 'poly-edge-e350'], ['C-BO-3', 'yealink-t46u']] as const) {
      await claims.recordClaimOpened(claimOpenedInput(claimId));
      expect(await reserveUnit({ claimId, model })).toBeNull();
      expect(await reserveUnit({ claimId, model })).toBeNull();
    }
    const backorders = collection(test$.db, collectionNames.backorders);
    expect(await backorders.countDocuments({ claimId: { $in: ['C-BO-1', 'C-BO-2', 'C-BO-3'] } })).toBe(3);
    expect(await backorders.countDocuments({ model: 'yealink-t54w' })).toBe(30); // the 30 left without stock above

    expect(await restockUnits(test$.db, [{ unitId: 'R-1', model: 'cisco-7841' }, { unitId: 'R-2', model: 'cisco-7841' }])).toBe(2);
    expect(await restockUnits(test$.db, [{ unitId: 'R-1', model: 'cisco-7841' }])).toBe(0);
    const waiting = await backorderedClaimsFor(test$.db, 'cisco-7841');
    expect(waiting).toEqual([
      { claimId: 'C-BO-1', workflowId: 'claim-C-BO-1', model: 'cisco-7841' },
      { claimId: 'C-BO-2', workflowId: 'claim-C-BO-2', model: 'poly-edge-e350' },
    ]);

    expect(await reserveUnit({ claimId: 'C-BO-1', model: 'cisco-7841' })).toMatchObject({ model: 'cisco-7841', sameModel: true });
    expect(await reserveUnit({ claimId: 'C-BO-2', model: 'poly-edge-e350' })).toMatchObject({ model: 'cisco-7841', sameModel: false });
    expect(await backorderedClaimsFor(test$.db, 'cisco-7841')).toEqual([]);
    expect((await backorderedClaimsFor(test$.db, 'yealink-t46u')).map((w) => w.claimId)).toContain('C-BO-3');
    await releaseUnit({ claimId: 'C-BO-3' }); // a cancelled back-ordered claim leaves the waiting list
    const forT46u = await backorderedClaimsFor(test$.db, 'yealink-t46u');
    expect(forT46u.map((w) => w.claimId)).not.toContain('C-BO-3');
    expect(forT46u.filter((w) => w.model === 'yealink-t54w')).toHaveLength(30); // t54w lists t46u as similar
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
