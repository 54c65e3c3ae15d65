/**
 * A revoked carrier token (the Shippo sandbox refuses it, set over its admin route) on the real worker process: the
 * claim waits without a support task, rf_carrier_configuration_errors_total counts the refusals, an error line is
 * logged, the worker's /readyz reports the carrier failing; once the carrier accepts the token again the claim goes
 * on by itself and /readyz recovers. Also: a bad policy setting stops the worker and the API at start, naming it.
 */
import { Client, Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClaim } from '../../../client/claims';
import { tasksOfClaim } from '../../../data/tasks';
import { startShippoSandbox, type ShippoSandbox } from '../../../sandbox/shippo/server';
import { startSmtpSink, type SmtpSink } from '../../../sandbox/smtp/sink';
import { claimStateQuery, type ClaimState } from '../../../workflows/messages';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimRequest, httpGet, parseMetrics, randomMac, seedDeviceAndStock, startWorkerProcess, sumOf, type ProductProcess } from './support';

jest.setTimeout(240_000);

let database: TestDatabase;
let sandbox: ShippoSandbox;
let sink: SmtpSink;
let connection: Connection;
let client: Client;
let worker: ProductProcess;
let taskQueue: string;

beforeAll(async () => {
  database = await openTestDatabase();
  sandbox = await startShippoSandbox({ admin: true });
  sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'rf-carrier-mail-')) });
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  client = new Client({ connection });
  taskQueue = `stack-carrier-${database.db.databaseName}`;
  worker = await startWorkerProcess({
    MONGODB_DB: database.db.databaseName, TEMPORAL_TASK_QUEUE: taskQueue, SHIPPO_BASE_URL: sandbox.url,
    SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), LOG_LEVEL: 'info',
  });
});

afterAll(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.kill('SIGTERM');
    await worker.exited;
  }
  await connection?.close();
  await sandbox?.close();
  await sink?.close();
  await database?.close();
});

/** Sets the sandbox's fault knobs over its HTTP admin route, as an operator (or `rf sandbox faults`) does. */
async function setFaults(faults: object): Promise<void> {
  const response = await fetch(`${sandbox.url}/__admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  expect(response.status).toBe(200);
}

async function until<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

test('a carrier configuration error: no support task, the metric counts it, /readyz says so, the claim resumes when the token is fixed', async () => {
  const mac = randomMac();
  await seedDeviceAndStock(database.db, mac, 'yealink-t54w', 1);
  await setFaults({ tokenRevoked: true });
  const opened = await openClaim(client, taskQueue, claimRequest(mac), { policy: { carrierRetryEvery: 2_000 } });
  const handle = client.workflow.getHandle(opened.workflowId);
  const state = () => handle.query(claimStateQuery) as Promise<ClaimState>;

  const waiting = await until('the carrier wait on the claim', state, (s) => s.timeline.some((e) => e.key === 'carrier-unavailable-1'));
  expect(waiting.status).toBe('approved');
  expect(waiting.timeline.find((e) => e.key === 'carrier-unavailable-1')?.message).toMatch(/^The outbound label cannot be bought yet: the carrier refuses the product's API credentials\. Operations are alerted; nothing for support to do\./);
  await new Promise((resolve) => setTimeout(resolve, 5_000)); // a few retries, 2 s apart
  expect(await tasksOfClaim(database.db, opened.claimId)).toEqual([]);
  expect((await state()).openTasks).toEqual([]);
  expect(JSON.stringify((await state()).timeline)).not.toMatch(/Activity task failed|fix-address/);

  const refusals = sumOf(parseMetrics((await httpGet(`${worker.url}/metrics`)).body), 'rf_carrier_configuration_errors_total');
  expect(refusals).toBeGreaterThanOrEqual(2);
  const ready = await httpGet(`${worker.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(JSON.parse(ready.body).checks.carrier).toEqual({ ok: false, error: expect.stringMatching(/^carrier failing since .*: it refuses the API credentials .*check SHIPPO_API_TOKEN/) });
  expect(worker.logs().find((line) => line.level === 'error' && /carrier refuses the API credentials/.test(String(line.msg)))).toBeDefined();

  await setFaults({}); // the token is fixed
  const resumed = await until('the claim to go on', state, (s) => s.status === 'awaiting-shipment', 30_000);
  expect(resumed.legs.outbound.label?.trackingNumber).toBeTruthy();
  expect(resumed.openTasks.map((t) => t.kind)).toEqual(['pick-pack-ship']);
  expect((await httpGet(`${worker.url}/readyz`)).status).toBe(200);
  expect(sandbox.labels()).toHaveLength(2);
});

test('a bad policy value stops the worker and the API at start, naming the setting', async () => {
  const run = (entry: string) => new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: path.resolve(__dirname, '../../..'),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', POLICY_RETURN_WINDOW: 'forty-five days', POLICY_RETURN_REMINDERS: '10d,40d', WAREHOUSE_CLOSED_DAYS: '2026-13-01' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
  for (const entry of ['worker/main.ts', 'client/api/main.ts']) {
    const { code, output } = await run(entry);
    expect([entry, code]).toEqual([entry, 1]);
    expect(output).toContain("POLICY_RETURN_WINDOW: must be a duration such as 30d, 12h, 30m or 90s, got 'forty-five days'");
    expect(output).toContain("WAREHOUSE_CLOSED_DAYS: must be YYYY-MM-DD dates separated by commas, got '2026-13-01'");
  }
});
