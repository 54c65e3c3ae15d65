/**
 * The benchmark's world: its own embedded stack (free ports, temp dir), the Shippo sandbox (no latency), the SMTP
 * sink, the API server (real webhook route over HTTP), the product worker and the bare-Temporal worker, in one process.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { MongoClient, type Db } from 'mongodb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../activities';
import { createShippoCarrier } from '../carrier/shippo-adapter';
import { createApiServer } from '../client/api/server';
import { loadConfig } from '../config/env';
import { migrate } from '../activities/database';
import { createMailer } from '../notifications/mailer';
import { SANDBOX_API_TOKEN, startShippoSandbox, type ShippoSandbox } from '../sandbox/shippo/server';
import { startSmtpSink, type SmtpSink } from '../sandbox/smtp/sink';
import { startEmbeddedStack, type RunningStack } from '../scripts/lib/stack';
import { createClaimWorker } from '../worker/create-worker';
import { warehouseAddress } from '../worker/dependencies';
import type { BareActivities } from './bare-workflow';

/** Task queues of the two workers. */
export const PRODUCT_QUEUE = 'bench-claims';
export const BARE_QUEUE = 'bench-bare';
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/** A running bench world. */
export interface BenchWorld {
  stack: RunningStack;
  dataDir: string;
  db: Db;
  sandbox: ShippoSandbox;
  sink: SmtpSink;
  client: Client;
  /** The API server's base URL (dev keys). */
  apiUrl: string;
  /** Database commands the product (worker activities + API) sent since the last `resetRoundTrips`, and their time by command and collection. */
  roundTrips(): { total: number; byCommand: Record<string, number>; msByTarget: Record<string, number> };
  resetRoundTrips(): void;
  stop(): Promise<void>;
}

/** Starts everything; `log` gets progress lines. `keepData` leaves the temp dir (logs, reports) after `stop()`. */
export async function startBenchWorld(log: (line: string) => void, { keepData = false } = {}): Promise<BenchWorld> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-bench-'));
  const stack = await startEmbeddedStack({ dataDir, ports: 'free', ui: false, log });
  const counts = new Map<string, number>();
  const mongo = new MongoClient(stack.mongoUri, { monitorCommands: true, serverSelectionTimeoutMS: 30_000 });
  const millis = new Map<string, number>();
  const targets = new Map<number, string>();
  mongo.on('commandStarted', (event) => {
    counts.set(event.commandName, (counts.get(event.commandName) ?? 0) + 1);
    const target = event.command[event.commandName];
    const key = `${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
    targets.set(event.requestId, key);
  });
  const finished = (event: { requestId: number; duration: number }) => {
    const target = targets.get(event.requestId) ?? 'unknown';
    targets.delete(event.requestId);
    millis.set(target, (millis.get(target) ?? 0) + event.duration);
  };
  mongo.on('commandSucceeded', finished);
  mongo.on('commandFailed', finished);
  await mongo.connect();
  const db = mongo.db('bench');
  await migrate(db);
  const sandbox = await startShippoSandbox();
  const sink = await startSmtpSink({ dir: path.join(dataDir, 'mail') });
  const config = loadConfig({ LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', SHIPPO_WEBHOOK_SECRET: WEBHOOK_SECRET });
  const carrier = createShippoCarrier({ apiToken: SANDBOX_API_TOKEN, serverURL: sandbox.url, warehouse: warehouseAddress(config) });
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, from: config.MAIL_FROM });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection });
  const api = await createApiServer({ config, db, temporal: client, taskQueue: PRODUCT_QUEUE, logStream: fs.createWriteStream(path.join(dataDir, 'api.log')) });
  await api.listen({ port: 0, host: '127.0.0.1' });
  const apiPort = (api.server.address() as { port: number }).port;
  sandbox.setWebhookUrl(`http://127.0.0.1:${apiPort}/webhooks/shippo?token=${WEBHOOK_SECRET}`);

  const workerConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const product = await createClaimWorker({
    connection: workerConnection, namespace: 'default', taskQueue: PRODUCT_QUEUE,
    activities: createActivities({ db, carrier, mailer }),
  });
  const bareActivities: BareActivities = { noop: async (step) => step };
  const bare = await Worker.create({
    connection: workerConnection, namespace: 'default', taskQueue: BARE_QUEUE,
    workflowsPath: require.resolve('./bare-workflow'), activities: bareActivities,
  });
  const running = [product.run(), bare.run()];
  return {
    stack, dataDir, db, sandbox, sink, client, apiUrl: `http://127.0.0.1:${apiPort}`,
    roundTrips: () => ({ total: [...counts.values()].reduce((a, b) => a + b, 0), byCommand: Object.fromEntries(counts), msByTarget: Object.fromEntries(millis) }),
    resetRoundTrips: () => {
      counts.clear();
      millis.clear();
    },
    async stop() {
      product.shutdown();
      bare.shutdown();
      await Promise.allSettled(running);
      await workerConnection.close();
      await api.close();
      await connection.close();
      mailer.close();
      await sandbox.close();
      await sink.close();
      await mongo.close();
      await stack.stop();
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
