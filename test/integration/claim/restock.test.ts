/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers */
/**
 * Restocks wake back-orders at once, first come, first served, on the embedded stack (Temporal dev server, FerretDB,
 * the worker, the API): 35 claims back-ordered, 5 units imported with the real import tool (scripts/import.ts) →
 * exactly the 5 oldest woken by the restock (not by their daily retry) and reserved, no unit twice, the other 30 still
 * back-ordered and not signalled; then one unit of a similar model booked with `rf restock` wakes the claim of the
 * model that lists it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEV_API_KEYS } from '../../../client/api/api-keys';
import { findClaim } from '../../../data/claims';
import { collection, collectionNames } from '../../../data/collections';
import { importFile } from '../../../data/import/run';
import type { ImportKind } from '../../../data/import/rows';
import { waitingClaims } from '../../../data/inventory';
import { claimRequest, startSurfaceApp, until, type SurfaceApp } from '../surfaces/harness';

jest.setTimeout(300_000);
const ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);
let s: SurfaceApp;
let dir: string;

const macOf = (i: number) => `00:15:65:77:${String(Math.floor(i / 100)).padStart(2, '0')}:${String(i % 100).padStart(2, '0')}`;

async function importRows(kind: ImportKind, rows: object[]): Promise<void> {
  const file = path.join(dir, `${kind}.json`);
  fs.writeFileSync(file, JSON.stringify(rows));
  const report = await importFile(s.db, kind, file);
  expect(report.rejected).toEqual([]);
}

beforeAll(async () => {
  s = await startSurfaceApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-restock-'));
  await importRows('models', [
    { model: 'restock-a', manufacturer: 'Yealink', name: 'A', similarModels: [] },
    { model: 'restock-b', manufacturer: 'Yealink', name: 'B', similarModels: ['restock-c'] },
    { model: 'restock-c', manufacturer: 'Yealink', name: 'C', similarModels: [] },
  ]);
  const purchasedOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  await importRows('devices', Array.from({ length: 36 }, (_, i) => ({
    mac: macOf(i), extension: `3${String(i).padStart(3, '0')}`, accountId: 'ACME-1001', model: i < 35 ? 'restock-a' : 'restock-b', channel: 'installation', purchasedOn,
  })));
});
afterAll(async () => {
  await s?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('35 back-ordered, 5 imported: exactly the 5 oldest woken by the restock and reserved, no unit twice, 30 still waiting; a similar-model unit wakes the B claim', async () => {
  const claimIds: string[] = [];
  for (let i = 0; i < 36; i += 1) {
    const opened = await s.call('support', 'POST', '/claims', claimRequest(macOf(i), `3${String(i).padStart(3, '0')}`));
    expect(opened.status).toBe(201);
    claimIds.push(opened.json.claimId);
  }
  const statuses = async () => Promise.all(claimIds.map(async (id) => (await findClaim(s.db, id))?.status));
  await until(statuses, (all) => all.every((status) => status === 'backordered'), 180_000);
  expect(await statuses()).toEqual(claimIds.map(() => 'backordered'));
  expect((await waitingClaims(s.db)).map((w) => w.claimId)).toEqual(claimIds); // the waiting list, oldest first

  // The real import tool, with the product's settings (MONGODB_URI/MONGODB_DB/TEMPORAL_ADDRESS of this stack).
  const units = Array.from({ length: 5 }, (_, i) => `A-NEW-${i + 1}`);
  fs.writeFileSync(path.join(dir, 'inventory.csv'), `unitId,model,grade\n${units.map((unitId) => `${unitId},restock-a,A`).join('\n')}\n`);
  const started = Date.now();
  const imported = await run('npx', ['tsx', 'scripts/import.ts', 'inventory', path.join(dir, 'inventory.csv'), '--json'], {
    cwd: ROOT, env: { ...process.env, MONGODB_URI: s.product.database.uri, MONGODB_DB: s.db.databaseName },
  });
  const importedAfterMs = Date.now() - started;
  const report = JSON.parse(imported.stdout);
  expect(report).toMatchObject({ kind: 'inventory', inserted: 5, rejectedRows: 0 });
  expect(report.woken.map((w: any) => [w.claimId, w.signalled])).toEqual(claimIds.slice(0, 5).map((id) => [id, true]));

  const reserved = async () => Promise.all(claimIds.slice(0, 5).map(async (id) => (await findClaim(s.db, id))?.timeline.some((e) => e.key === 'unit-reserved')));
  await until(reserved, (all) => all.every(Boolean), 60_000);
  const reservedAfterMs = Date.now() - started;
  console.log(`restock: import tool done after ${importedAfterMs} ms; the 5 oldest claims reserved ${reservedAfterMs} ms after the import started`);
  expect(await reserved()).toEqual([true, true, true, true, true]);
  // Woken by the restock, not by their own retry (every day under this policy): each history has the `restocked`
  // signal and no timer fired. How fast that is, is the bench's business, not a timed assertion here.
  for (const id of claimIds.slice(0, 5)) {
    const claim = await findClaim(s.db, id);
    const events = (await s.product.client.workflow.getHandle(claim!.workflowId).fetchHistory()).events ?? [];
    const signals = events.filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'restocked').length;
    expect([id, signals, events.filter((event) => event.timerFiredEventAttributes).length]).toEqual([id, 1, 0]);
  }

  const reservations = await collection(s.db, collectionNames.unitReservations).find({ unitId: { $in: units } }).toArray();
  expect(reservations.map((r) => r.claimId).sort()).toEqual(claimIds.slice(0, 5).sort());
  expect(new Set(reservations.map((r) => r.unitId)).size).toBe(5); // no unit twice
  for (const id of claimIds.slice(0, 5)) expect((await findClaim(s.db, id))?.unit?.model).toBe('restock-a');

  // The other 30 keep waiting, on the list, and were not woken for nothing (no signal in their histories).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect((await statuses()).slice(5)).toEqual(claimIds.slice(5).map(() => 'backordered'));
  expect((await waitingClaims(s.db)).map((w) => w.claimId)).toEqual(claimIds.slice(5));
  for (const id of claimIds.slice(5, 35)) {
    const claim = await findClaim(s.db, id);
    const history = await s.product.client.workflow.getHandle(claim!.workflowId).fetchHistory();
    expect([id, history.events?.filter((event) => event.workflowExecutionSignaledEventAttributes).length]).toEqual([id, 0]);
  }

  // One unit of restock-c, booked with `rf restock` (the API route): the oldest claim it can serve is the restock-b
  // claim (restock-b lists restock-c as similar); the restock-a claims cannot take it.
  const rf = await run(process.execPath, [path.join(ROOT, 'bin/rf.js'), 'restock', '--unit', 'C-NEW-1', '--model', 'restock-c'], {
    env: { ...process.env, RF_API_URL: s.baseUrl, RF_API_KEY: DEV_API_KEYS.shipping },
  });
  expect(rf.stdout).toContain(`reserved for  ${claimIds[35]} (the oldest back-ordered claim it serves; woken now)`);
  const similar = await until(() => findClaim(s.db, claimIds[35]!), (claim) => claim?.unit !== undefined && claim.unit !== null, 60_000);
  expect(similar?.unit).toEqual({ unitId: 'C-NEW-1', model: 'restock-c', sameModel: false });
  expect(similar?.timeline.find((e) => e.key === 'unit-reserved')?.message).toBe('Reserved unit C-NEW-1 (restock-c, similar model)');
  expect((await statuses()).slice(5, 35)).toEqual(claimIds.slice(5, 35).map(() => 'backordered'));

  // Fail closed: an unknown model and a unit already in stock are refused with a clear 4xx.
  const unknown = await s.call('shipping', 'POST', '/inventory/units', { unitId: 'X-1', model: 'no-such-model' });
  expect([unknown.status, unknown.json.fields]).toEqual([400, [{ field: 'model', message: 'unknown model no-such-model (import it first)' }]]);
  const again = await s.call('shipping', 'POST', '/inventory/units', { unitId: 'C-NEW-1', model: 'restock-c' });
  expect([again.status, again.json.error]).toEqual([409, 'unit C-NEW-1 is already in the inventory']);
  const bad = await s.call('shipping', 'POST', '/inventory/units', { unitId: ' ', model: 'restock-c', grade: 'Z' });
  expect(bad.status).toBe(400);
  expect(bad.json.fields.map((f: any) => f.field).sort()).toEqual(['grade', 'unitId']);
});
