/**
 * The stock on hand on the real FerretDB: imported and restocked grade-A units are listed, reservations take them
 * without reading `inventory_units` by any filter but `_id`, a release lists the unit again, shipping and changes
 * take it off; units it does not list (written by another tool) are still reserved; migration v4 lists old stock.
 */
import { collection, collectionNames } from '../../../data/collections';
import { importRecords } from '../../../data/import/run';
import { markUnitsShipped, releaseUnitsOfClaim, reserveUnitForClaim, restockUnits } from '../../../data/inventory';
import { migrate } from '../../../data/migrate';
import { listStockOnHand } from '../../../data/stock-on-hand';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { filtersSentTo, insertModels, insertUnits, notById } from './support';

let test$: TestDatabase;
const now = new Date('2026-11-29T12:00:00.000Z');
const onHand = async () => (await collection(test$.db, collectionNames.unitsAvailable).find({}).toArray()).map((doc) => `${String(doc._id)} ${String(doc.model)}`).sort();
const importUnits = async (rows: object[]) => {
  const report = await importRecords(test$.db, 'inventory', rows.map((record, index) => ({ row: index + 1, record })), 'units.json');
  expect(report.rejectedRows).toBe(0);
};

beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
  await insertModels(test$.db, [['cisco-8841'], ['cisco-7841'], ['poly-vvx-450']]);
});
afterAll(async () => test$?.close());

describe('the stock on hand', () => {
  it('lists imported and restocked grade-A units, and moves a unit an import changes', async () => {
    await importUnits([{ unitId: 'SOH-1', model: 'cisco-8841', grade: 'A' }, { unitId: 'SOH-2', model: 'cisco-8841', grade: 'B' }, { unitId: 'SOH-3', model: 'cisco-8841', grade: 'A' }]);
    await restockUnits(test$.db, [{ unitId: 'SOH-4', model: 'cisco-8841' }]);
    expect(await onHand()).toEqual(['SOH-1 cisco-8841', 'SOH-3 cisco-8841', 'SOH-4 cisco-8841']);
    await importUnits([{ unitId: 'SOH-3', model: 'cisco-7841', grade: 'A' }, { unitId: 'SOH-2', model: 'cisco-8841', grade: 'A' }]);
    expect(await onHand()).toEqual(['SOH-1 cisco-8841', 'SOH-2 cisco-8841', 'SOH-3 cisco-7841', 'SOH-4 cisco-8841']);
  });

  it('is where a reservation finds its unit: no filtered read of inventory_units, taken off once reserved', async () => {
    const filters = await filtersSentTo(test$.db, test$.uri, collectionNames.inventoryUnits, async (db) => {
      expect(await reserveUnitForClaim(db, 'C-SOH-1', 'cisco-7841', now)).toEqual({ unitId: 'SOH-3', model: 'cisco-7841', sameModel: true });
    });
    expect(filters.length).toBeGreaterThan(0);
    expect(notById(filters)).toEqual([]);
    expect(await onHand()).not.toContain('SOH-3 cisco-7841');
  });

  it('lists a released unit again and takes a shipped one off', async () => {
    const first = await reserveUnitForClaim(test$.db, 'C-SOH-2', 'cisco-8841', now);
    const second = await reserveUnitForClaim(test$.db, 'C-SOH-3', 'cisco-8841', now);
    expect(await releaseUnitsOfClaim(test$.db, 'C-SOH-2')).toBe(true);
    expect(await onHand()).toContain(`${first!.unitId} cisco-8841`);
    await markUnitsShipped(test$.db, 'C-SOH-3', now);
    expect(await onHand()).not.toContain(`${second!.unitId} cisco-8841`);
    expect((await collection(test$.db, collectionNames.inventoryUnits).findOne({ _id: second!.unitId }))?.status).toBe('shipped');
  });

  it('still reserves units it does not list, and migration v4 lists them', async () => {
    await insertUnits(test$.db, 'poly-vvx-450', 2); // written by another tool: ObjectId `_id`s, no entry
    expect(await reserveUnitForClaim(test$.db, 'C-SOH-4', 'poly-vvx-450', now)).toMatchObject({ model: 'poly-vvx-450' });
    await listStockOnHand(test$.db);
    expect((await onHand()).filter((entry) => entry.endsWith('poly-vvx-450'))).toHaveLength(1);
  });
});
