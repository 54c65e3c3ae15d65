/**
 * The production worker process (worker/main.ts under tsx, the prebuilt workflow bundle as the Docker image runs it)
 * against one of the bench's products: its database, its Shippo sandbox, the bench's SMTP sink; with its ops server
 * (/metrics) and its tracking poller.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../scripts/lib/ports';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { until } from './drive';
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
  const root = path.resolve(__dirname, '..');
  const opsPort = await findFreePort();
  const logFile = path.join(world.dataDir, `${options.name}.log`);
  const log = fs.openSync(logFile, 'a');
  const preload = options.preload?.length ? ['--require', 'tsx/cjs', ...options.preload.flatMap((module) => ['--require', module])] : [];
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, ...preload, '--import', 'tsx', path.join(root, 'worker', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: world.stack.temporalAddress, MONGODB_URI: world.stack.mongoUri, MONGODB_DB: product.db.databaseName,
      TEMPORAL_TASK_QUEUE: options.queue, SHIPPO_BASE_URL: product.sandbox.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(world.sink.port),
      WORKER_OPS_PORT: String(opsPort), TEMPORAL_METRICS_BIND_ADDRESS: 'off', LOG_LEVEL: 'info', WORKFLOW_BUNDLE_PATH: world.bundlePath,
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', // as the Dockerfile runs the worker
      ...options.env,
    },
  });
  fs.closeSync(log);
  const stop = () => void child.kill('SIGKILL');
  try {
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`${options.name} exited ${child.exitCode}; see ${logFile}`);
      return fs.readFileSync(logFile, 'utf8').includes('worker polling');
    }, Boolean, `${options.name} to poll`, 180_000, 500);
  } catch (error) {
    stop();
    throw error;
  }
  return { child, pid: child.pid!, opsUrl: `http://127.0.0.1:${opsPort}`, logFile, stop };
}
