/**
 * Graceful shutdown of the worker entry point (child processes on the integration stack): SIGTERM while a label
 * purchase is in flight at the carrier. With enough grace the purchase finishes on the stopping worker; with too
 * little, the process exits at its deadline and the activity is retried on another worker. Either way exactly one
 * label per leg is bought and the claim carries on to `awaiting-shipment` on the other worker.
 */
import { Client, Connection } from '@temporalio/client';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClaim } from '../../../client/claims';
import { startShippoSandbox, type ShippoSandbox } from '../../../sandbox/shippo/server';
import { startSmtpSink, type SmtpSink } from '../../../sandbox/smtp/sink';
import { claimStateQuery } from '../../../workflows/messages';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimRequest, httpGet, randomMac, seedDeviceAndStock, startWorkerProcess, type ProductProcess } from './support';

let database: TestDatabase;
let sandbox: ShippoSandbox;
let sink: SmtpSink;
let connection: Connection;
let client: Client;
const workers: ProductProcess[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  sandbox = await startShippoSandbox();
  sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'rf-stack-shutdown-')) });
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  client = new Client({ connection });
});

afterAll(async () => {
  for (const worker of workers) {
    if (worker.child.exitCode === null) {
      worker.kill('SIGKILL');
      await worker.exited;
    }
  }
  await connection?.close();
  await sandbox?.close();
  await sink?.close();
  await database?.close();
});

async function startWorker(taskQueue: string, env: Record<string, string> = {}): Promise<ProductProcess> {
  const worker = await startWorkerProcess({
    MONGODB_DB: database.db.databaseName,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SHIPPO_BASE_URL: sandbox.url,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    ...(process.env.RF_WORKFLOW_BUNDLE ? { WORKFLOW_BUNDLE_PATH: process.env.RF_WORKFLOW_BUNDLE } : {}),
    ...env,
  });
  workers.push(worker);
  return worker;
}

/** Opens a claim and resolves once its outbound label purchase has been sent to the (slowed) carrier. */
async function claimWithPurchaseInFlight(taskQueue: string) {
  const mac = randomMac();
  await seedDeviceAndStock(database.db, mac, `T5-${taskQueue.slice(-6)}`, 1);
  const opened = await openClaim(client, taskQueue, claimRequest(mac));
  const purchases = database.db.collection<{ _id: string; state: string; firstAttemptInRecord?: boolean }>('label_purchases');
  const deadline = Date.now() + 60_000;
  for (;;) {
    // The first attempt is claimed (the intent's insert, just before the POST /transactions) and the leg is not bought yet.
    const intent = await purchases.findOne({ _id: `${opened.claimId}:outbound` });
    if (intent?.state === 'intent' && intent.firstAttemptInRecord) break;
    if (Date.now() > deadline) throw new Error(`no outbound purchase in flight for ${opened.claimId}: ${JSON.stringify(intent)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // the POST /transactions is now waiting at the sandbox
  return { ...opened, handle: client.workflow.getHandle(opened.workflowId) };
}

async function statusWithin(handle: ReturnType<Client['workflow']['getHandle']>, status: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let current = '';
  while (Date.now() < deadline) {
    current = (await handle.query(claimStateQuery)).status;
    if (current === status) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return current;
}

test('SIGTERM during the labels\' purchase: it completes on the draining worker, another worker carries on', async () => {
  const taskQueue = `stack-drain-${database.db.databaseName}`;
  const draining = await startWorker(taskQueue, { WORKER_SHUTDOWN_GRACE_MS: '30000', SHUTDOWN_TIMEOUT_MS: '45000' });
  sandbox.setFaults({ latencyMs: 4_000, onlyPath: '/transactions' });
  const claim = await claimWithPurchaseInFlight(taskQueue);
  expect(sandbox.labels()).toHaveLength(0);

  const signalledAt = Date.now();
  draining.kill('SIGTERM');
  await draining.waitForLog((line) => line.msg === 'shutdown requested: draining', 5_000);
  expect((await httpGet(`${draining.url}/readyz`)).status).toBe(503); // load balancers stop sending while it drains

  expect(await draining.exited).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(30_000);
  const finished = draining.logs().find((line) => line.msg === 'buyLabelPair done' && line.claimId === claim.claimId);
  expect(finished).toBeDefined(); // the in-flight purchase of both labels finished on the draining worker
  expect(sandbox.labels()).toHaveLength(2);

  sandbox.setFaults({});
  await startWorker(taskQueue);
  expect(await statusWithin(claim.handle, 'awaiting-shipment', 60_000)).toBe('awaiting-shipment');
  const state = await claim.handle.query(claimStateQuery);
  expect(sandbox.labels()).toHaveLength(2); // the successor carried on with the labels the draining worker bought; no duplicate
  expect([state.legs.outbound.label?.transactionId, state.legs.return.label?.transactionId].sort())
    .toEqual(sandbox.labels().map((label) => label.object_id).sort());
}, 180_000);

test('grace too short: the worker exits at its deadline and the purchase is retried elsewhere without a second label', async () => {
  const taskQueue = `stack-retry-${database.db.databaseName}`;
  const impatient = await startWorker(taskQueue, { WORKER_SHUTDOWN_GRACE_MS: '500', SHUTDOWN_TIMEOUT_MS: '2000' });
  sandbox.setFaults({ latencyMs: 6_000, onlyPath: '/transactions' });
  const before = sandbox.labels().length;
  const claim = await claimWithPurchaseInFlight(taskQueue);

  impatient.kill('SIGTERM');
  expect(await impatient.exited).toBe(1); // the shutdown deadline passed with the purchase still running
  expect(impatient.logs().some((line) => line.msg === 'shutdown did not finish in time: exiting')).toBe(true);
  expect(impatient.logs().some((line) => line.msg === 'buyLabelPair done')).toBe(false);

  sandbox.setFaults({});
  await startWorker(taskQueue);
  // The attempt on the dead worker times out (carrier preset: 2 minutes start-to-close), then the successor retries:
  // the label store finds the label the carrier committed for the first attempt instead of buying again.
  expect(await statusWithin(claim.handle, 'awaiting-shipment', 200_000)).toBe('awaiting-shipment');
  const state = await claim.handle.query(claimStateQuery);
  const bought = sandbox.labels().slice(before);
  expect(bought).toHaveLength(2);
  expect(bought.map((label) => label.object_id)).toEqual(
    expect.arrayContaining([state.legs.outbound.label?.transactionId, state.legs.return.label?.transactionId]),
  );
}, 300_000);
