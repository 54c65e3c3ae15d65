/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers */
/**
 * Operations on the embedded stack, as the README walks them: a policy change (45-day window, reminders at 10 and 40)
 * applies to new claims only while an older claim keeps its own; GET /policy shows it; `rf sandbox scan` plays the
 * carrier (the sandbox sends its real webhook) and drives a claim from shipped to closed; `rf sandbox faults`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { DEV_API_KEYS, type Role } from '../../../client/api/api-keys';
import { createApiServer } from '../../../client/api/server';
import { loadConfig } from '../../../config/env';
import { findFreePort } from '../../../scripts/lib/ports';
import { claimRequest, registerDevice, startSurfaceApp, until, type SurfaceApp } from './harness';

jest.setTimeout(300_000);
const RF = path.resolve(__dirname, '../../../bin/rf.js');
const OLD_MAC = '00:15:65:88:00:01';
const NEW_MAC = '00:15:65:88:00:02';
const DAY = 86_400_000;
let s: SurfaceApp;
let newApi: FastifyInstance;
let newApiUrl: string;

/** `rf` as a user runs it, against `api` (default: the first API), with the sandbox of this stack. */
function rf(role: Role, args: string[], api = s.baseUrl): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [RF, ...args], { env: { ...process.env, RF_API_URL: api, RF_API_KEY: DEV_API_KEYS[role], RF_SANDBOX_URL: s.product.sandbox.url }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  s = await startSurfaceApp();
  await registerDevice(s.db, OLD_MAC, '2201');
  await registerDevice(s.db, NEW_MAC, '2202');
  // The same product after operations changed the policy and restarted the API: a second API with the new settings.
  const port = await findFreePort();
  newApiUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({ PUBLIC_BASE_URL: newApiUrl, POLICY_RETURN_WINDOW: '45d', POLICY_RETURN_REMINDERS: '10d,40d', WAREHOUSE_CLOSED_DAYS: '2026-12-31' });
  newApi = await createApiServer({ config, db: s.db, temporal: s.product.client, taskQueue: s.product.taskQueue });
  await newApi.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await newApi?.close();
  await s?.stop();
});

const claimOf = async (claimId: string, api = s.baseUrl) => (await fetch(`${api}/claims/${claimId}`, { headers: { 'x-api-key': DEV_API_KEYS.support } })).json() as Promise<any>;
const statusIs = (claimId: string, status: string) => until(() => claimOf(claimId), (claim) => claim.status === status);

test('a new policy applies to new claims; the older claim keeps its own; rf sandbox scan drives a claim from shipped to closed', async () => {
  const older = await s.call('support', 'POST', '/claims', claimRequest(OLD_MAC, '2201'));
  const newer = await fetch(`${newApiUrl}/claims`, {
    method: 'POST', headers: { 'x-api-key': DEV_API_KEYS.support, 'content-type': 'application/json' }, body: JSON.stringify(claimRequest(NEW_MAC, '2202')),
  }).then((r) => r.json()) as any;
  const [olderId, newerId] = [older.json.claimId as string, newer.claimId as string];

  const policyNow = await fetch(`${newApiUrl}/policy`, { headers: { 'x-api-key': DEV_API_KEYS.support } }).then((r) => r.json()) as any;
  expect(policyNow.durations).toMatchObject({ returnWindow: '45d', returnReminders: '10d, 40d', unreturnedGrace: '14d', shippingSla: '1bd' });
  expect(policyNow.closedDays).toContain('2026-12-31');
  const policyBefore = (await s.call('support', 'GET', '/policy')).json;
  expect(policyBefore.durations).toMatchObject({ returnWindow: '30d', returnReminders: '7d, 21d' });
  expect(policyNow.version).not.toBe(policyBefore.version);
  const rfPolicy = await rf('support', ['policy'], newApiUrl);
  expect(rfPolicy.stdout).toMatch(/returnWindow\s+45d/);

  for (const [claimId, mac] of [[olderId, '0015.65aa.0001'], [newerId, '0015.65aa.0002']] as const) {
    await statusIs(claimId, 'awaiting-shipment');
    expect((await rf('shipping', ['complete', claimId, '--mac', mac])).code).toBe(0);
    await statusIs(claimId, 'shipped');
    const scanned = await rf('support', ['sandbox', 'scan', claimId, 'transit']);
    expect([scanned.code, scanned.stdout]).toEqual([0, expect.stringMatching(/scan\s+TRANSIT on the outbound parcel .*\n.*webhook\s+sent to the app, answered 200/)]);
    expect((await rf('support', ['sandbox', 'scan', claimId, 'delivered'])).code).toBe(0);
    await statusIs(claimId, 'delivered');
  }

  const [olderClaim, newerClaim] = [await claimOf(olderId), await claimOf(newerId)];
  const deliveredAt = (claim: any) => Date.parse(claim.timeline.find((e: any) => e.key === 'status-delivered').at);
  expect(Date.parse(olderClaim.nextDeadline.at) - deliveredAt(olderClaim)).toBe(30 * DAY);
  expect(Date.parse(newerClaim.nextDeadline.at) - deliveredAt(newerClaim)).toBe(45 * DAY);
  expect(olderClaim.policy).toMatchObject({ version: policyBefore.version, durations: { returnWindow: '30d', returnReminders: '7d, 21d' } });
  expect(newerClaim.policy).toMatchObject({ version: policyNow.version, durations: { returnWindow: '45d', returnReminders: '10d, 40d' } });
  const receiveTask = (claim: any) => claim.tasks.find((t: any) => t.kind === 'receive-return');
  expect(Date.parse(receiveTask(newerClaim).slaDueAt) - deliveredAt(newerClaim)).toBe(45 * DAY);
  const shown = await rf('support', ['show', olderId]);
  expect(shown.stdout).toContain(`policy         ${policyBefore.version}: return window 30d, reminders 7d, 21d, shipping 1bd`);

  // The rest of the walk-through: the return parcel is scanned, the shipping department records the receipt.
  expect((await rf('support', ['sandbox', 'scan', olderId, 'return-transit'])).code).toBe(0);
  await statusIs(olderId, 'return-in-transit');
  expect((await rf('shipping', ['receive', olderId, '--mac', OLD_MAC, '--condition', 'defect confirmed'])).code).toBe(0);
  await statusIs(olderId, 'closed');
  expect(s.product.sandbox.webhooks().filter((w) => w.responseStatus === 200)).toHaveLength(5);
});

test('rf sandbox faults sets and clears the knobs over the admin route; bad knobs and scans fail closed', async () => {
  const set = await rf('support', ['sandbox', 'faults', '{"rate500":2,"onlyPath":"/transactions"}']);
  expect([set.code, set.stdout.trim()]).toEqual([0, '{"rate500":2,"onlyPath":"/transactions"}']);
  expect((await rf('support', ['sandbox', 'faults'])).stdout.trim()).toBe('{"rate500":2,"onlyPath":"/transactions"}');
  const bad = await rf('support', ['sandbox', 'faults', '{"rate500":-1,"typo":true}']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/the sandbox refused it/);
  expect((await rf('support', ['sandbox', 'faults', '--clear'])).stdout.trim()).toBe('no faults: the sandbox answers normally');
  const unknownScan = await rf('support', ['sandbox', 'scan', 'RC-1', 'teleported']);
  expect([unknownScan.code, unknownScan.stderr]).toEqual([2, expect.stringContaining("'teleported' is not one of transit, delivered")]);
  expect((await rf('support', ['sandbox', 'scan', 'RC-20260101-NOCLAIM', 'transit'])).code).toBe(3);
  const noSandbox = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(process.execPath, [RF, 'sandbox', 'faults'], { env: { ...process.env, RF_API_KEY: 'x', RF_SANDBOX_URL: 'http://127.0.0.1:9' } },
      (error, _stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code) : 0, stderr }));
  });
  expect([noSandbox.code, noSandbox.stderr]).toEqual([1, expect.stringContaining('cannot reach the Shippo sandbox at http://127.0.0.1:9')]);
});
