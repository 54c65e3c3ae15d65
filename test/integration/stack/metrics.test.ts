/**
 * /metrics after real claims: the worker entry point (child process) and the API server run on the integration
 * stack with the Shippo sandbox and a real SMTP sink. One claim runs to `closed`, one is cancelled after its labels
 * were bought; the counters must equal what the carrier sandbox, the SMTP sink and the webhook deliveries saw.
 */
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClaim } from '../../../client/claims';
import type { ClaimStatus } from '../../../domain/types';
import { startShippoSandbox, type ShippoSandbox } from '../../../sandbox/shippo/server';
import { startSmtpSink, type SmtpSink } from '../../../sandbox/smtp/sink';
import { cancelClaimUpdate, claimStateQuery, completeShipmentUpdate, recordReturnReceiptUpdate } from '../../../workflows/messages';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimRequest, httpGet, parseMetrics, randomMac, seedDeviceAndStock, startApiProcess, startWorkerProcess, sumOf, type ProductProcess } from './support';

const WEBHOOK_SECRET = 'stack-metrics-webhook-secret-0123';
jest.setTimeout(240_000);

let database: TestDatabase;
let sandbox: ShippoSandbox;
let sink: SmtpSink;
let connection: Connection;
let client: Client;
let api: ProductProcess;
let apiUrl: string;
let worker: ProductProcess;
let taskQueue: string;

beforeAll(async () => {
  database = await openTestDatabase();
  sandbox = await startShippoSandbox();
  sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'rf-stack-mail-')) });
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  client = new Client({ connection });
  taskQueue = `stack-metrics-${database.db.databaseName}`;
  const common = { MONGODB_DB: database.db.databaseName, TEMPORAL_TASK_QUEUE: taskQueue, SHIPPO_WEBHOOK_SECRET: WEBHOOK_SECRET };
  api = await startApiProcess({ ...common, LOG_LEVEL: 'info' });
  apiUrl = api.url;
  sandbox.setWebhookUrl(`${apiUrl}/webhooks/shippo?token=${WEBHOOK_SECRET}`);
  // No WORKFLOW_BUNDLE_PATH: the worker bundles its workflows with the log interceptors, as in production.
  worker = await startWorkerProcess({
    ...common,
    SHIPPO_BASE_URL: sandbox.url,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
  });
});

afterAll(async () => {
  for (const process of [worker, api]) {
    if (process && process.child.exitCode === null) {
      process.kill('SIGTERM');
      await process.exited;
    }
  }
  await connection?.close();
  await sandbox?.close();
  await sink?.close();
  await database?.close();
});

async function untilStatus(handle: WorkflowHandle, status: ClaimStatus, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let current: ClaimStatus | undefined;
  while (Date.now() < deadline) {
    current = (await handle.query(claimStateQuery)).status;
    if (current === status) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`claim ${handle.workflowId} stayed ${current}, expected ${status}`);
}

async function openSeededClaim(model: string) {
  const mac = randomMac();
  await seedDeviceAndStock(database.db, mac, model, 1);
  const opened = await openClaim(client, taskQueue, claimRequest(mac));
  return { ...opened, handle: client.workflow.getHandle(opened.workflowId) };
}

test('counters equal what the carrier, the SMTP server and the webhook saw; logs carry claim and workflow ids', async () => {
  // Claim 1: approved → labels → shipped → delivered (carrier webhooks through the API) → returned → closed.
  const closed = await openSeededClaim('T54W');
  await untilStatus(closed.handle, 'awaiting-shipment');
  await closed.handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: randomMac(), serial: 'SN-1', completedBy: 'packer-1' }] });
  await untilStatus(closed.handle, 'shipped');
  const outbound = (await closed.handle.query(claimStateQuery)).legs.outbound.label!;
  await sandbox.playTracking(outbound.trackingNumber, ['TRANSIT', 'DELIVERED']);
  await untilStatus(closed.handle, 'delivered');
  await closed.handle.executeUpdate(recordReturnReceiptUpdate, { args: [{ receivedMac: (await closed.handle.query(claimStateQuery)).request.mac, condition: 'defect confirmed', receivedBy: 'dock-2' }] });
  expect((await closed.handle.result()).status).toBe('closed');

  // Claim 2: cancelled while awaiting shipment → both labels voided, customer told.
  const cancelled = await openSeededClaim('T46U');
  await untilStatus(cancelled.handle, 'awaiting-shipment');
  await cancelled.handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'customer fixed it', cancelledBy: 'agent-7' }] });
  expect((await cancelled.handle.result()).status).toBe('cancelled');

  // One forged webhook delivery (wrong token) straight to the API.
  const forged = await fetch(`${apiUrl}/webhooks/shippo?token=wrong-token-wrong-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(forged.status).toBe(401);

  const scraped = await httpGet(`${worker.url}/metrics`);
  expect(scraped.status).toBe(200);
  const workerMetrics = parseMetrics(scraped.body);
  const apiMetrics = parseMetrics((await httpGet(`${apiUrl}/metrics`)).body);

  // Labels: exactly what the carrier sandbox sold and refunded.
  const sold = sandbox.labels();
  expect(sold).toHaveLength(4);
  expect(sumOf(workerMetrics, 'rf_labels_bought_total')).toBe(sold.length);
  expect(sumOf(workerMetrics, 'rf_labels_bought_total', { leg: 'outbound' })).toBe(2);
  expect(sumOf(workerMetrics, 'rf_labels_bought_total', { leg: 'return' })).toBe(2);
  expect(sandbox.refunds()).toHaveLength(2);
  expect(sumOf(workerMetrics, 'rf_labels_voided_total')).toBe(2);

  // Emails: exactly what the SMTP server stored, kind by kind; none failed.
  const messages = await sink.messages();
  const kinds = messages.map((message) => message.headers['x-email-kind']!);
  expect(kinds).toEqual(expect.arrayContaining(['replacement-shipped', 'claim-cancelled']));
  for (const kind of new Set(kinds)) {
    expect(sumOf(workerMetrics, 'rf_emails_sent_total', { kind })).toBe(kinds.filter((k) => k === kind).length);
  }
  expect(sumOf(workerMetrics, 'rf_emails_sent_total')).toBe(messages.length);
  // Emails the workflow gave up on are on the claims' timelines (`email-failed-*`, `email-rejected-*`): one failure each.
  const storedClaims = await database.db.collection('claims').find({}).toArray();
  const failedEntries = storedClaims.flatMap((claim) => Object.keys((claim.timelineByKey ?? {}) as Record<string, unknown>))
    .filter((key) => /^email-(failed|rejected)-/.test(key));
  expect(sumOf(workerMetrics, 'rf_emails_failed_total')).toBe(failedEntries.length);

  // Claims by status, from the read model, on both processes.
  for (const metrics of [workerMetrics, apiMetrics]) {
    expect(sumOf(metrics, 'rf_claims', { status: 'closed' })).toBe(1);
    expect(sumOf(metrics, 'rf_claims', { status: 'cancelled' })).toBe(1);
    expect(sumOf(metrics, 'rf_claims')).toBe(2);
  }

  // Webhooks: every sandbox delivery the API accepted, and the forged one rejected.
  const deliveries = sandbox.webhooks();
  expect(deliveries.length).toBeGreaterThanOrEqual(2);
  expect(sumOf(apiMetrics, 'rf_webhook_events_total', { outcome: 'accepted' })).toBe(deliveries.filter((d) => d.responseStatus < 300).length);
  expect(sumOf(apiMetrics, 'rf_webhook_events_total', { outcome: 'rejected' })).toBe(1 + deliveries.filter((d) => d.responseStatus >= 400 && d.responseStatus < 500).length);

  // Temporal Core's runtime metrics are proxied into the worker's /metrics.
  expect(sumOf(workerMetrics, 'temporal_workflow_completed_total', { task_queue: taskQueue })).toBe(2);
  expect(workerMetrics.some((sample) => sample.name.startsWith('temporal_activity_execution_latency'))).toBe(true);

  // Logs: JSON lines; activity lines carry claimId + workflowId (activity context logger).
  const logs = worker.logs();
  const activityLine = logs.find((line) => line.msg === 'buyLabelPair done' && line.claimId === closed.claimId);
  expect(activityLine).toMatchObject({ level: 'info', service: 'worker', workflowId: closed.workflowId, activityType: 'buyLabelPair' });
  // Logged from inside the workflow sandbox through workflow.log (sinks): workflowId from the SDK, claimId from our interceptor.
  const workflowLine = logs.find((line) => line.msg === 'Workflow completed' && line.workflowId === closed.workflowId);
  expect(workflowLine).toMatchObject({ level: 'debug', workflowType: 'replacementClaim', claimId: closed.claimId });
  expect(JSON.stringify(logs)).not.toContain(WEBHOOK_SECRET);
  expect(JSON.stringify(api.logs())).not.toContain(WEBHOOK_SECRET);
});

test('/healthz and /readyz on the worker and the API', async () => {
  for (const base of [worker.url, apiUrl]) {
    expect((await httpGet(`${base}/healthz`)).status).toBe(200);
    const ready = await httpGet(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ok: true, checks: { mongodb: { ok: true }, temporal: { ok: true } } });
  }
});
