/** Import commands on the real FerretDB: good rows land, bad rows are named, re-importing changes nothing. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { collection, collectionNames } from '../../../data/collections';
import { importFile } from '../../../data/import/run';
import { reserveUnitForClaim } from '../../../data/inventory';
import { formatReportText } from '../../../data/import/report';
import { migrate } from '../../../activities/database';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

const fixtures = path.resolve(__dirname, '../../fixtures/imports');
const fixture = (name: string) => path.join(fixtures, name);
const today = '2026-11-29';
let test$: TestDatabase;

beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
});
afterAll(async () => test$?.close());

describe('importFile', () => {
  it('imports leases from CSV and models from JSON, rejecting a model that lists itself', async () => {
    expect(await importFile(test$.db, 'leases', fixture('leases.csv'), { today })).toMatchObject({ rowsRead: 2, accepted: 2, inserted: 2, rejected: [] });
    const models = await importFile(test$.db, 'models', fixture('models.json'), { today });
    expect(models).toMatchObject({ rowsRead: 4, accepted: 3, rejectedRows: 1 });
    expect(models.rejected).toEqual([
      { row: 4, field: 'manufacturer', reason: 'must not be empty' },
      { row: 4, field: 'similarModels', reason: 'must not list the model itself' },
    ]);
    const t54w = await collection(test$.db, collectionNames.deviceModels).findOne({ model: 'yealink-t54w' });
    expect(t54w?.similarModels).toEqual(['yealink-t46u', 'poly-vvx-450']);
    expect((await collection(test$.db, collectionNames.deviceModels).findOne({ model: 'cisco-8841' }))?.similarModels).toEqual(['cisco-7841']);
  });

  it('accepts the good device rows and names every bad one by row, field and reason', async () => {
    const report = await importFile(test$.db, 'devices', fixture('devices-mixed.csv'), { today });
    expect(report).toMatchObject({ rowsRead: 11, accepted: 4, inserted: 4, updated: 0, changed: 4, rejectedRows: 7 });
    expect(report.rejected).toEqual([
      { row: 6, field: 'mac', reason: expect.stringContaining('must be 12 hex digits') },
      { row: 7, field: 'channel', reason: 'must be one of installation, shipping-department, web-store, third-party' },
      { row: 8, field: 'purchasedOn', reason: 'must not be in the future (today is 2026-11-29)' },
      { row: 9, field: 'mac', reason: 'duplicate of row 3 in this file' },
      { row: 10, field: 'purchasedOn', reason: 'must be a real date written YYYY-MM-DD' },
      { row: 11, field: 'leaseContractId', reason: 'unknown lease contract L-NOPE (import leases first)' },
      { row: 12, field: 'accountId', reason: 'must not be empty' },
    ]);
    const devices = await collection(test$.db, collectionNames.devices).find({}, { projection: { _id: 0 } }).toArray();
    expect(devices.map((d) => d.mac).sort()).toEqual(['00:15:65:10:00:01', '00:15:65:10:00:02', '00:15:65:10:00:03', '00:15:65:10:00:04']);
    expect(devices.find((d) => d.mac === '00:15:65:10:00:03')).toEqual({
      mac: '00:15:65:10:00:03', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'web-store', purchasedOn: '2026-01-10',
    });
    // Stored under their MAC as `_id`: the product reads devices by `_id` (the only filter FerretDB v1 pushes down).
    expect((await collection(test$.db, collectionNames.devices).find({}).toArray()).map((d) => d._id).sort()).toEqual(devices.map((d) => d.mac).sort());
    expect(formatReportText(report)).toMatch(/rejected:\s+7[\s\S]*Rejected rows:[\s\S]*\n\s+8\s+purchasedOn\s+must not be in the future/);
  });

  it('changes nothing when the same files are imported again', async () => {
    for (const [kind, file] of [['leases', 'leases.csv'], ['models', 'models.json'], ['devices', 'devices-mixed.csv']] as const) {
      const again = await importFile(test$.db, kind, fixture(file), { today });
      expect([kind, again.changed, again.inserted, again.updated, again.unchanged]).toEqual([kind, 0, 0, 0, again.accepted]);
    }
    expect(await collection(test$.db, collectionNames.devices).countDocuments({})).toBe(4);
  });


  it('updates a changed row (dropping a field the file no longer has) and inserts a new one', async () => {
    const report = await importFile(test$.db, 'devices', fixture('devices-changed.csv'), { today });
    expect(report).toMatchObject({ accepted: 3, inserted: 1, updated: 1, unchanged: 1, changed: 2, rejected: [] });
    const device = await collection(test$.db, collectionNames.devices).findOne({ mac: '00:15:65:10:00:01' }, { projection: { _id: 0 } });
    expect(device).toEqual({ mac: '00:15:65:10:00:01', extension: '1999', accountId: 'ACME-001', model: 'yealink-t54w', channel: 'installation', purchasedOn: '2025-06-01' });
  });

  it('imports JSON device rows and JSON Lines inventory, rejecting unreadable lines; a reserved unit is never put back', async () => {
    const devices = await importFile(test$.db, 'devices', fixture('devices.json'), { today });
    expect(devices).toMatchObject({ accepted: 2, rejectedRows: 1 });
    expect(devices.rejected.map((r) => [r.row, r.field])).toEqual([[3, 'channel'], [3, 'purchasedOn']]);
    const inventory = await importFile(test$.db, 'inventory', fixture('inventory.jsonl'), { today });
    expect(inventory).toMatchObject({ accepted: 3, inserted: 3 });
    expect(inventory.rejected).toEqual([
      { row: 4, field: 'grade', reason: 'must be A, B or C' },
      { row: 5, field: '(row)', reason: expect.stringMatching(/^not valid JSON/) },
    ]);
    // Imported grade-A units are on the shelf; one a claim reserved (off the shelf) stays off it through a re-import.
    const shelf = collection(test$.db, collectionNames.unitsAvailable);
    expect(await shelf.findOne({ _id: 'RF-T54W-0002' } as never)).toMatchObject({ model: expect.any(String) });
    expect(await reserveUnitForClaim(test$.db, 'C-9', String((await shelf.findOne({ _id: 'RF-T54W-0001' } as never))?.model), new Date(today), { neverWaited: true }))
      .toMatchObject({ unitId: expect.any(String) });
    const taken = (await collection(test$.db, collectionNames.unitReservations).findOne({ claimId: 'C-9' }))?.unitId;
    expect(await importFile(test$.db, 'inventory', fixture('inventory.jsonl'), { today })).toMatchObject({ changed: 0 });
    expect(await shelf.findOne({ _id: taken } as never)).toBeNull();
    expect(await collection(test$.db, collectionNames.inventoryUnits).findOne({ unitId: 'RF-T54W-0002' })).toMatchObject({ grade: 'A' });
  });

  it('reports progress while streaming a large file', async () => {
    const calls: number[] = [];
    await importFile(test$.db, 'leases', fixture('leases.csv'), { today, progressEvery: 1, onProgress: (p) => calls.push(p.rowsRead) });
    expect(calls).toEqual([1, 2, 2]);
  });
});

describe('scripts/import.ts', () => {
  const run = async (args: string[]) => {
    const env = { ...process.env, MONGODB_URI: test$.uri, MONGODB_DB: test$.db.databaseName };
    try {
      const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'scripts/import.ts', ...args], { cwd: path.resolve(__dirname, '../../..'), env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('exits 2 with a JSON report when rows are rejected, 0 when all are accepted, 1 on usage errors', async () => {
    const mixed = await run(['devices', fixture('devices-mixed.csv'), '--json']);
    expect(mixed.code).toBe(2);
    const report = JSON.parse(mixed.stdout);
    // changed 1: row 2 gets back the extension and lease that devices-changed.csv altered above
    expect(report).toMatchObject({ kind: 'devices', rowsRead: 11, changed: 1, updated: 1, rejectedRows: 7 });
    expect(mixed.stderr).toContain('progress: 11 rows read, 4 accepted, 7 rejected (done)');

    const leases = await run(['leases', fixture('leases.csv')]);
    expect(leases.code).toBe(0);
    expect(leases.stdout).toMatch(/changed:\s+0/);

    const badKind = await run(['phones', fixture('leases.csv')]);
    expect([badKind.code, badKind.stderr]).toEqual([1, expect.stringContaining('unknown kind "phones"')]);
    const missing = await run(['devices', fixture('nope.csv')]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('file not found')]);
  }, 60_000);
});
