/**
 * The whole product wired on real parts for an integration test: the run's Temporal dev server and FerretDB, the
 * Shippo sandbox (through the real `shippo` SDK), a real SMTP sink, the provisioning sandbox (served directory,
 * redirect service, registrar) with the directory adapter, the tracking webhook and the device-online route on a
 * real HTTP port, and a worker on its own task queue running the real activities.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../../activities';
import { createShippoCarrier } from '../../carrier/shippo-adapter';
import { createTrackingWebhookHandler } from '../../carrier/webhook';
import { createDeviceOnlineHandler } from '../../client/device-online';
import { createTrackingDelivery } from '../../client/tracking-delivery';
import { loadConfig } from '../../config/env';
import { migrate } from '../../activities/database';
import { seedDatabase } from '../../data/seed';
import type { Branding } from '../../notifications/branding';
import { createMailer } from '../../notifications/mailer';
import type { ProvisioningSetup } from '../../provisioning/identity-mover';
import { createProvisioningSetup } from '../../provisioning/setup';
import { SANDBOX_REDIRECT_TOKEN, startProvisioningSandbox, type ProvisioningSandbox } from '../../sandbox/provisioning/server';
import { SANDBOX_API_TOKEN, startShippoSandbox, type ShippoSandbox } from '../../sandbox/shippo/server';
import { startSmtpSink, type SmtpSink } from '../../sandbox/smtp/sink';
import { createClaimWorker } from '../../worker/create-worker';
import { warehouseAddress } from '../../worker/dependencies';
import { openTestDatabase, type TestDatabase } from './mongo';

/** A running product for one test file. */
export interface TestApp {
  database: TestDatabase;
  sandbox: ShippoSandbox;
  sink: SmtpSink;
  /** The provisioning sandbox, the directories it serves and reads, and the worker's provisioning (directory adapter). */
  provisioning: { sandbox: ProvisioningSandbox; dir: string; registrarDir: string; setup: ProvisioningSetup; credentialKey: string };
  client: Client;
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
const DEVICE_ONLINE_SECRET = 'test-device-online-secret-0123456789';

/** Starts the product (`stop()` tears everything down, worker drained first); `branding` is what customer emails use (default: the embedded stack's). */
export async function startTestApp(options: { branding?: Branding } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  await migrate(database.db);
  const sandbox = await startShippoSandbox({ admin: true });
  const sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'rf-mail-')) });
  const config = loadConfig({});
  const provisioningDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-provisioning-'));
  const registrarDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-registrar-'));
  const provisioningSandbox = await startProvisioningSandbox({ dir: provisioningDir, registrarDir, redirectToken: SANDBOX_REDIRECT_TOKEN });
  const provisioningSetup = createProvisioningSetup({
    ...config, PROVISIONING_MODE: 'directory', PROVISIONING_DIR: provisioningDir, PROVISIONING_REGISTRAR_DIR: registrarDir,
    PROVISIONING_SERVER_URL: `${provisioningSandbox.url}/`, PROVISIONING_REDIRECT_URL: provisioningSandbox.redirectUrl, PROVISIONING_REDIRECT_TOKEN: SANDBOX_REDIRECT_TOKEN,
  }, database.db)!;
  const carrier = createShippoCarrier({ apiToken: SANDBOX_API_TOKEN, serverURL: sandbox.url, warehouse: warehouseAddress(config) });
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, from: config.MAIL_FROM });
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = new Client({ connection });
  const handleWebhook = createTrackingWebhookHandler({
    db: database.db,
    secret: WEBHOOK_SECRET,
    deliver: createTrackingDelivery({ client, db: database.db }),
  });
  const reportDeviceOnline = createDeviceOnlineHandler({ client, db: database.db, secret: DEVICE_ONLINE_SECRET });
  const webhookServer = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const online = /^\/devices\/([^/]+)\/online$/.exec(url.pathname);
      const handled = online
        ? reportDeviceOnline({ mac: decodeURIComponent(online[1]!), token: url.searchParams.get('token') ?? undefined })
        : handleWebhook({ query: Object.fromEntries(url.searchParams), rawBody: Buffer.concat(chunks).toString('utf8') });
      void handled.then((result) => {
        response.writeHead(result.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(result.body));
      });
    });
  });
  await new Promise<void>((resolve) => webhookServer.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}`;
  sandbox.setWebhookUrl(`${appUrl}/webhooks/shippo?token=${WEBHOOK_SECRET}`);
  provisioningSandbox.setOnlineReportUrl(`${appUrl}/devices/{mac}/online?token=${DEVICE_ONLINE_SECRET}`);

  const taskQueue = `it-${path.basename(database.db.databaseName)}`;
  const workerConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await createClaimWorker({
    connection: workerConnection,
    namespace: 'default',
    taskQueue,
    activities: createActivities({ db: database.db, carrier, mailer, provisioning: provisioningSetup, ...(options.branding ? { branding: options.branding } : {}) }),
    overrides: process.env.RF_WORKFLOW_BUNDLE ? { workflowBundle: { codePath: process.env.RF_WORKFLOW_BUNDLE } } : {},
  });
  const running = worker.run();
  return {
    database, sandbox, sink, client, taskQueue, worker,
    provisioning: { sandbox: provisioningSandbox, dir: provisioningDir, registrarDir, setup: provisioningSetup, credentialKey: config.PROVISIONING_CREDENTIAL_KEY },
    async stop() {
      worker.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      mailer.close();
      await new Promise((resolve) => webhookServer.close(resolve));
      await handleWebhook.close(); // the routes' progress notes still queued are written
      await sandbox.close();
      await provisioningSandbox.close();
      fs.rmSync(provisioningDir, { recursive: true, force: true });
      fs.rmSync(registrarDir, { recursive: true, force: true });
      await sink.close();
      await database.close();
    },
  };
}

/** Jest hooks for a test file: one seeded product started before its tests and stopped after; read `current()`. */
export function useSeededTestApp(): { current(): TestApp } {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp();
    await seedDatabase(app.database.db, new Date());
  });
  afterAll(async () => {
    await app?.stop();
  });
  return {
    current() {
      if (!app) throw new Error('the test app is not started (useSeededTestApp must be called at the top of the file)');
      return app;
    },
  };
}

/** Polls `read` until `accept` holds or `timeoutMs` passes; returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}
