/**
 * The benchmark's world: its own embedded stack (free ports, temp dir), the SMTP sink, the bare-Temporal worker, and
 * the product twice in one process: on an empty database and on one that will hold the seeded history ("at size").
 * Each product has its database, task queue, worker, API server (real webhook route over HTTP) and Shippo sandbox
 * (no latency) whose webhooks reach that API. Both workers load one prebuilt workflow bundle.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { MongoClient, type Db } from 'mongodb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../activities';
import { createShippoCarrier } from '../carrier/shippo-adapter';
import { createApiServer } from '../client/api/server';
import { migrate } from '../activities/database';
import { loadConfig, type AppConfig } from '../config/env';
import { createMailer, type Mailer } from '../notifications/mailer';
import { SANDBOX_API_TOKEN, startShippoSandbox, type ShippoSandbox } from '../sandbox/shippo/server';
import { startSmtpSink, type SmtpSink } from '../sandbox/smtp/sink';
import { findFreePort } from '../scripts/lib/ports';
import { startEmbeddedStack, type RunningStack } from '../scripts/lib/stack';
import { createClaimWorker } from '../worker/create-worker';
import { warehouseAddress } from '../worker/dependencies';
import type { BareActivities } from './bare-workflow';
import { writeWorkflowBundle } from './memory';

/** Task queue of the bare worker. */
export const BARE_QUEUE = 'bench-bare';
/** The Shippo webhook token the bench's APIs accept (`SHIPPO_WEBHOOK_SECRET`). */
export const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/** Database commands a product sent, and their time by command and collection. */
export interface RoundTrips {
  total: number;
  byCommand: Record<string, number>;
  /** By command and collection, e.g. `find claims`. */
  countsByTarget: Record<string, number>;
  msByTarget: Record<string, number>;
}

/** One product on its own database. */
export interface BenchProduct {
  /** What it stands for in the report, e.g. `empty`. */
  label: string;
  db: Db;
  queue: string;
  sandbox: ShippoSandbox;
  /** The API server's base URL (dev keys). */
  apiUrl: string;
  /** Database commands the product (worker activities + API) sent since the last `resetRoundTrips`. */
  roundTrips(): RoundTrips;
  resetRoundTrips(): void;
}

/** A running bench world. */
export interface BenchWorld {
  stack: RunningStack;
  dataDir: string;
  sink: SmtpSink;
  client: Client;
  /** The workflows bundled once (with the production log interceptors), for every worker of the bench. */
  bundlePath: string;
  /** The product on a database that holds only what the bench itself opened. */
  empty: BenchProduct;
  /** The product on the database the history is seeded into. */
  atSize: BenchProduct;
  stop(): Promise<void>;
}

/** Command counters per database, fed by one MongoClient's command monitoring. */
function commandMonitor(mongo: MongoClient) {
  const byDatabase = new Map<string, { counts: Map<string, number>; targets: Map<string, number>; millis: Map<string, number> }>();
  const pending = new Map<number, { database: string; target: string }>();
  const countersOf = (database: string) => byDatabase.get(database) ?? byDatabase.set(database, { counts: new Map(), targets: new Map(), millis: new Map() }).get(database)!;
  const bump = (counts: Map<string, number>, key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);
  mongo.on('commandStarted', (event) => {
    const counters = countersOf(event.databaseName);
    const collection = event.command[event.commandName];
    const target = `${event.commandName} ${typeof collection === 'string' ? collection : ''}`.trim();
    bump(counters.counts, event.commandName);
    bump(counters.targets, target);
    pending.set(event.requestId, { database: event.databaseName, target });
  });
  const finished = (event: { requestId: number; duration: number }) => {
    const started = pending.get(event.requestId);
    if (!started) return;
    pending.delete(event.requestId);
    bump(countersOf(started.database).millis, started.target, event.duration);
  };
  mongo.on('commandSucceeded', finished);
  mongo.on('commandFailed', finished);
  return {
    of: (database: string): RoundTrips => {
      const { counts, targets, millis } = countersOf(database);
      return {
        total: [...counts.values()].reduce((a, b) => a + b, 0), byCommand: Object.fromEntries(counts),
        countsByTarget: Object.fromEntries(targets), msByTarget: Object.fromEntries(millis),
      };
    },
    reset: (database: string) => byDatabase.delete(database),
  };
}

interface ProductParts {
  product: BenchProduct;
  worker: Worker;
  api: FastifyInstance;
  stop(): Promise<void>;
}

/** One product: its database (migrated), sandbox, API server and worker on `queue`. */
async function startProduct(label: string, parts: {
  db: Db; queue: string; config: AppConfig; client: Client; workerConnection: NativeConnection; mailer: Mailer; bundlePath: string;
  monitor: ReturnType<typeof commandMonitor>; logDir: string;
}): Promise<ProductParts> {
  const { db, queue, config } = parts;
  await migrate(db);
  const sandbox = await startShippoSandbox();
  const carrier = createShippoCarrier({ apiToken: SANDBOX_API_TOKEN, serverURL: sandbox.url, warehouse: warehouseAddress(config) });
  // The API's public base URL is its own address, so page forms pass the same-origin check.
  const port = await findFreePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const api = await createApiServer({
    config: { ...config, PUBLIC_BASE_URL: apiUrl }, db, temporal: parts.client, taskQueue: queue,
    logStream: fs.createWriteStream(path.join(parts.logDir, `api-${label}.log`)),
  });
  await api.listen({ port, host: '127.0.0.1' });
  sandbox.setWebhookUrl(`${apiUrl}/webhooks/shippo?token=${WEBHOOK_SECRET}`);
  const worker = await createClaimWorker({
    connection: parts.workerConnection, namespace: 'default', taskQueue: queue,
    activities: createActivities({ db, carrier, mailer: parts.mailer }), overrides: { workflowBundle: { codePath: parts.bundlePath } },
  });
  return {
    product: {
      label, db, queue, sandbox, apiUrl,
      roundTrips: () => parts.monitor.of(db.databaseName),
      resetRoundTrips: () => parts.monitor.reset(db.databaseName),
    },
    worker, api,
    async stop() {
      await api.close();
      await sandbox.close();
    },
  };
}

/** Starts everything; `log` gets progress lines. `keepData` leaves the temp dir (logs, reports) after `stop()`. */
export async function startBenchWorld(log: (line: string) => void, { keepData = false } = {}): Promise<BenchWorld> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-bench-'));
  const [stack, bundlePath] = await Promise.all([startEmbeddedStack({ dataDir, ports: 'free', ui: false, log }), writeWorkflowBundle(dataDir)]);
  const mongo = new MongoClient(stack.mongoUri, { monitorCommands: true, serverSelectionTimeoutMS: 30_000 });
  const monitor = commandMonitor(mongo);
  await mongo.connect();
  const sink = await startSmtpSink({ dir: path.join(dataDir, 'mail') });
  const config = loadConfig({ LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', SHIPPO_WEBHOOK_SECRET: WEBHOOK_SECRET });
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, from: config.MAIL_FROM });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection });
  const workerConnection = await NativeConnection.connect({ address: stack.temporalAddress });
  const shared = { config, client, workerConnection, mailer, bundlePath, monitor, logDir: dataDir };
  const empty = await startProduct('empty', { ...shared, db: mongo.db('bench'), queue: 'bench-claims' });
  const atSize = await startProduct('at-size', { ...shared, db: mongo.db('bench_size'), queue: 'bench-claims-size' });
  const bareActivities: BareActivities = { noop: async (step) => step };
  const bare = await Worker.create({
    connection: workerConnection, namespace: 'default', taskQueue: BARE_QUEUE,
    workflowsPath: require.resolve('./bare-workflow'), activities: bareActivities,
  });
  const workers = [empty.worker, atSize.worker, bare];
  const running = workers.map((worker) => worker.run());
  return {
    stack, dataDir, sink, client, bundlePath, empty: empty.product, atSize: atSize.product,
    async stop() {
      for (const worker of workers) worker.shutdown();
      await Promise.allSettled(running);
      await workerConnection.close();
      await empty.stop();
      await atSize.stop();
      await connection.close();
      mailer.close();
      await sink.close();
      await mongo.close();
      await stack.stop();
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
