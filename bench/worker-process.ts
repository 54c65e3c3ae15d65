/**
 * The production processes against one of the bench's products: the worker (worker/main.ts under tsx, the prebuilt
 * workflow bundle as the Docker image runs it; its database, its Shippo sandbox, the bench's SMTP sink, its ops server
 * and tracking poller) and the API (client/api/main.ts, as compose's `api` service).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../scripts/lib/ports';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { until } from './drive';
import type { AppConfig } from '../config/env';
import type { BenchProduct, BenchWorld } from './world';

/** A running worker process. */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Its ops server (`/metrics`, `/healthz`). */
  opsUrl: string;
  logFile: string;
  stop(): void;
}

/** How the worker runs: its task queue, its log's name, settings of its own (e.g. the poller's interval), modules to preload. */
export interface WorkerProcessOptions {
  queue: string;
  name: string;
  env?: Record<string, string>;
  /** TypeScript modules loaded before the worker (`node --require tsx/cjs --require <module>`), e.g. bench/command-census.ts. */
  preload?: string[];
}

/** Starts the worker and resolves once it logged `worker polling`. */
export async function startWorkerProcess(world: BenchWorld, product: BenchProduct, options: WorkerProcessOptions): Promise<WorkerProcess> {
  const opsPort = await findFreePort();
  const preload = options.preload?.length ? ['--require', 'tsx/cjs', ...options.preload.flatMap((module) => ['--require', module])] : [];
  const started = await startEntryPoint(world, {
    entry: path.join('worker', 'main.ts'), nodeArgs: [...WORKER_NODE_FLAGS, ...preload], name: options.name, ready: 'worker polling',
    env: {
      MONGODB_DB: product.db.databaseName, TEMPORAL_TASK_QUEUE: options.queue, SHIPPO_BASE_URL: product.sandbox.url, SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(world.sink.port), WORKER_OPS_PORT: String(opsPort), TEMPORAL_METRICS_BIND_ADDRESS: 'off', WORKFLOW_BUNDLE_PATH: world.bundlePath,
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', // as the Dockerfile runs the worker
      ...options.env,
    },
  });
  return { ...started, opsUrl: `http://127.0.0.1:${opsPort}` };
}

/** A running API process (client/api/main.ts). */
export interface ApiProcess {
  child: ChildProcess;
  url: string;
  logFile: string;
  stop(): void;
}

/**
 * The production API process (client/api/main.ts, as compose's `api` service runs it) on one of the bench's products:
 * its database and task queue, the bench's settings (webhook secret, rate limit); resolves once it listens.
 */
export async function startApiProcess(world: BenchWorld, product: BenchProduct, config: Pick<AppConfig, 'SHIPPO_WEBHOOK_SECRET' | 'PUBLIC_RATE_LIMIT_PER_MINUTE'>): Promise<ApiProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const started = await startEntryPoint(world, {
    entry: path.join('client', 'api', 'main.ts'), nodeArgs: [], name: `api-process-${product.label}`, ready: 'api listening',
    env: {
      MONGODB_DB: product.db.databaseName, TEMPORAL_TASK_QUEUE: product.queue, API_PORT: String(port), BIND_HOST: '127.0.0.1', PUBLIC_BASE_URL: url,
      SHIPPO_WEBHOOK_SECRET: config.SHIPPO_WEBHOOK_SECRET, PUBLIC_RATE_LIMIT_PER_MINUTE: String(config.PUBLIC_RATE_LIMIT_PER_MINUTE),
    },
  });
  return { child: started.child, url, logFile: started.logFile, stop: started.stop };
}

/** Spawns `node [nodeArgs] --import tsx <entry>` on the bench's stack, logging to `<name>.log`; resolves once the log holds `ready`. */
async function startEntryPoint(world: BenchWorld, options: { entry: string; nodeArgs: readonly string[]; name: string; ready: string; env: Record<string, string> }) {
  const root = path.resolve(__dirname, '..');
  const logFile = path.join(world.dataDir, `${options.name}.log`);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...options.nodeArgs, '--import', 'tsx', path.join(root, options.entry)], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: { ...process.env, TEMPORAL_ADDRESS: world.stack.temporalAddress, MONGODB_URI: world.stack.mongoUri, LOG_LEVEL: 'info', ...options.env },
  });
  fs.closeSync(log);
  const stop = () => void child.kill('SIGKILL');
  try {
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`${options.name} exited ${child.exitCode}; see ${logFile}`);
      return fs.readFileSync(logFile, 'utf8').includes(options.ready);
    }, Boolean, `${options.name}: ${options.ready}`, 180_000, 500);
  } catch (error) {
    stop();
    throw error;
  }
  return { child, pid: child.pid!, logFile, stop };
}
