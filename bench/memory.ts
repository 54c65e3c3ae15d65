/**
 * Worker resident memory with N claims waiting for their return: the real worker process (worker/main.ts, bounded
 * workflow cache) on its own task queue; each claim is opened, handed over and delivered (webhook), then waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openClaim } from '../client/claims';
import { claimStateQuery, completeShipmentUpdate } from '../workflows/messages';
import { until, pool } from './drive';
import { claimRequestFor, fleetMac } from './fleet';
import type { BenchWorld } from './world';

const MEMORY_QUEUE = 'bench-memory';

/** One RSS sample of the worker process. */
export interface RssSample {
  claims: number;
  rssMb: number;
}

/** Resident set size of `pid` in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function startWorkerProcess(world: BenchWorld): ChildProcess {
  const root = path.resolve(__dirname, '..');
  const log = fs.openSync(path.join(world.dataDir, 'memory-worker.log'), 'a');
  // worker/main.ts keeps createClaimWorker's bounded cache (maxCachedWorkflows 2,000).
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'worker', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: world.stack.temporalAddress, MONGODB_URI: world.stack.mongoUri, MONGODB_DB: 'bench',
      TEMPORAL_TASK_QUEUE: MEMORY_QUEUE, SHIPPO_BASE_URL: world.sandbox.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(world.sink.port),
      WORKER_OPS_PORT: '0', TEMPORAL_METRICS_BIND_ADDRESS: 'off', LOG_LEVEL: 'info',
    },
  });
}

/** Opens claims of `macs` in batches of `batchSize` until all are open or `budgetMs` is spent, sampling RSS after each batch. */
export async function waitingClaimsMemory(world: BenchWorld, macs: string[], concurrency: number, batchSize: number, budgetMs: number, progress: (line: string) => void): Promise<{ baselineMb: number; samples: RssSample[]; settledMb: number; seconds: number }> {
  const child = startWorkerProcess(world);
  try {
    const logFile = path.join(world.dataDir, 'memory-worker.log');
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`memory worker exited ${child.exitCode}; see ${logFile}`);
      return fs.readFileSync(logFile, 'utf8').includes('worker polling');
    }, Boolean, 'the memory worker to poll', 180_000, 500);
    const baselineMb = rssMb(child.pid!);
    const samples: RssSample[] = [];
    const started = Date.now();
    let done = 0;
    for (let start = 0; start < macs.length && Date.now() - started < budgetMs; start += batchSize) {
      await pool(macs.slice(start, start + batchSize), concurrency, async (mac, offset) => {
        const opened = await openClaim(world.client, MEMORY_QUEUE, claimRequestFor(mac));
        const handle = world.client.workflow.getHandle(opened.workflowId);
        const state = await until(() => handle.query(claimStateQuery), (s) => s.status === 'awaiting-shipment', `${mac} awaiting-shipment`, 300_000, 250);
        await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: fleetMac(0xee, start + offset), completedBy: 'bench' }] });
        await world.sandbox.playTracking(state.legs.outbound.label!.trackingNumber, ['TRANSIT', 'DELIVERED']);
        done += 1;
        progress(`memory: ${done} claims waiting for their return, worker RSS ${rssMb(child.pid!).toFixed(0)} MB`);
      });
      samples.push({ claims: done, rssMb: rssMb(child.pid!) });
    }
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    return { baselineMb, samples, settledMb: rssMb(child.pid!), seconds };
  } finally {
    child.kill('SIGKILL');
  }
}
