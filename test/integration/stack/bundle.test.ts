/**
 * The prebuilt workflow bundle (what the Docker build makes): `scripts/build-workflow-bundle.ts` writes it, and the
 * worker entry point runs claims from it, with the bundled interceptor putting the claim id on workflow log lines.
 */
import { Client, Connection } from '@temporalio/client';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClaim } from '../../../client/claims';
import { startShippoSandbox, type ShippoSandbox } from '../../../sandbox/shippo/server';
import { startSmtpSink, type SmtpSink } from '../../../sandbox/smtp/sink';
import { cancelClaimUpdate, claimStateQuery } from '../../../workflows/messages';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimRequest, randomMac, seedDeviceAndStock, startWorkerProcess, type ProductProcess } from './support';

const root = path.resolve(__dirname, '..', '..', '..');
let database: TestDatabase;
let sandbox: ShippoSandbox;
let sink: SmtpSink;
let connection: Connection;
let worker: ProductProcess | undefined;

beforeAll(async () => {
  database = await openTestDatabase();
  sandbox = await startShippoSandbox();
  sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'rf-bundle-mail-')) });
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
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

test('build-workflow-bundle writes a bundle the worker runs claims from', async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rf-bundle-')), 'workflow-bundle.js');
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-workflow-bundle.ts', out], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(build.status).toBe(0);
  expect(build.stdout).toContain(`workflow bundle written to ${out}`);
  const code = fs.readFileSync(out, 'utf8');
  expect(code).toContain('replacementClaim');
  expect(code).toContain('workflow-log-attributes');

  const taskQueue = `stack-bundle-${database.db.databaseName}`;
  worker = await startWorkerProcess({
    MONGODB_DB: database.db.databaseName, TEMPORAL_TASK_QUEUE: taskQueue, SHIPPO_BASE_URL: sandbox.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), WORKFLOW_BUNDLE_PATH: out,
  });
  expect(worker.logs().some((line) => line.msg === 'Workflow bundle created')).toBe(false); // loaded, not bundled at start

  const mac = randomMac();
  await seedDeviceAndStock(database.db, mac, 'T57W', 1);
  const client = new Client({ connection });
  const opened = await openClaim(client, taskQueue, claimRequest(mac));
  const handle = client.workflow.getHandle(opened.workflowId);
  const deadline = Date.now() + 60_000;
  while ((await handle.query(claimStateQuery)).status !== 'awaiting-shipment' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'bundle test over', cancelledBy: 'agent-7' }] });
  expect((await handle.result()).status).toBe('cancelled');
  expect((await sink.messages()).map((message) => message.headers['x-email-kind'])).toContain('claim-cancelled');
  const completed = await worker.waitForLog((line) => line.msg === 'Workflow completed' && line.workflowId === opened.workflowId, 10_000);
  expect(completed).toMatchObject({ claimId: opened.claimId });
}, 180_000);
