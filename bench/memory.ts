/**
 * Worker resident memory with N claims waiting for their return: the real worker process (worker/main.ts, bounded
 * workflow cache) on its own task queue; each claim is opened, handed over and delivered (webhook), then waits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { openClaim } from '../client/claims';
import { findFreePort } from '../scripts/lib/ports';
import { workflowInterceptorModules } from '../worker/workflow-source';
import { claimStateQuery, completeShipmentUpdate } from '../workflows/messages';
import { until, pool } from './drive';
import { claimRequestFor, fleetMac } from './fleet';
import type { BenchWorld } from './world';

const MEMORY_QUEUE = 'bench-memory';

/** One RSS sample of the worker process. */
export interface RssSample {
  claims: number;
  rssMb: number;
  /** V8 heap in use (the worker's `rf_nodejs_heap_size_used_bytes`), to tell JS objects from native memory. */
  heapMb?: number;
}

/** The worker's V8 heap in use (MB), read from its /metrics; undefined when unreadable. */
async function heapUsedMb(opsPort: number): Promise<number | undefined> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
    const bytes = Number(/^rf_nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)/m.exec(text)?.[1]);
    return Number.isFinite(bytes) ? bytes / 2 ** 20 : undefined;
  } catch {
    return undefined;
  }
}

/** Resident set size of `pid` in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** How the memory phase's worker runs: its workflow cache bound and the prebuilt workflow bundle it loads. */
export interface MemoryWorkerOptions {
  maxCachedWorkflows: number;
  bundlePath: string;
}

function startWorkerProcess(world: BenchWorld, options: MemoryWorkerOptions, opsPort: number): ChildProcess {
  const root = path.resolve(__dirname, '..');
  const log = fs.openSync(path.join(world.dataDir, 'memory-worker.log'), 'a');
  // The production worker (worker/main.ts) with a prebuilt bundle, as the Docker image runs it (no webpack in the process).
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'worker', 'main.ts')], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: world.stack.temporalAddress, MONGODB_URI: world.stack.mongoUri, MONGODB_DB: 'bench',
      TEMPORAL_TASK_QUEUE: MEMORY_QUEUE, SHIPPO_BASE_URL: world.sandbox.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(world.sink.port),
      WORKER_OPS_PORT: String(opsPort), TEMPORAL_METRICS_BIND_ADDRESS: 'off', LOG_LEVEL: 'info',
      WORKER_MAX_CACHED_WORKFLOWS: String(options.maxCachedWorkflows), WORKFLOW_BUNDLE_PATH: options.bundlePath,
    },
  });
}

/** Opens claims of `macs` in batches of `batchSize` until all are open or `budgetMs` is spent, sampling RSS after each batch. */
export async function waitingClaimsMemory(world: BenchWorld, macs: string[], concurrency: number, batchSize: number, budgetMs: number, worker: MemoryWorkerOptions, progress: (line: string) => void): Promise<{ baselineMb: number; samples: RssSample[]; settledMb: number; seconds: number }> {
  const opsPort = await findFreePort();
  const child = startWorkerProcess(world, worker, opsPort);
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
      const heapMb = await heapUsedMb(opsPort);
      samples.push({ claims: done, rssMb: rssMb(child.pid!), ...(heapMb === undefined ? {} : { heapMb }) });
    }
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    return { baselineMb, samples, settledMb: rssMb(child.pid!), seconds };
  } finally {
    child.kill('SIGKILL');
  }
}

/** Bundles the workflows once into `dir` (as the Docker build does) and returns the file's path. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message: string) => console.error(message), log: () => undefined };
  const bundle = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundle, (await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), workflowInterceptorModules, logger: quiet })).code);
  return bundle;
}

/** The memory phase in words: samples, growth per claim before and after the cache filled, and what that means for 10,000 claims. */
export function memoryReport(memory: { baselineMb: number; samples: RssSample[]; settledMb: number; seconds: number }, cache: number, budgetSeconds: number): string[] {
  const { baselineMb, samples } = memory;
  const last = samples[samples.length - 1];
  if (!last) return ['No claim was opened in the memory phase.'];
  const lines = [
    `Worker RSS (worker/main.ts under tsx, prebuilt workflow bundle, WORKER_MAX_CACHED_WORKFLOWS ${cache}): baseline ${baselineMb.toFixed(0)} MB before any claim; ` +
      samples.map((sample) => `${sample.claims} claims ${sample.rssMb.toFixed(0)} MB`).join(', ') + `; ${memory.settledMb.toFixed(0)} MB 5 s after the last.`,
    ...(samples.some((sample) => sample.heapMb !== undefined)
      ? [`V8 heap in use at the same points (the rest of RSS is native: Temporal Core, buffers, code): ${samples.map((sample) => `${sample.claims}: ${sample.heapMb?.toFixed(0) ?? '?'} MB`).join(', ')}.`]
      : []),
    `${last.claims} claims waiting for their return were opened in the ${budgetSeconds} s budget (${(last.claims / memory.seconds).toFixed(2)} claims/s, one run). ` +
      'RSS includes tsx (TypeScript compiled in the process) and the Temporal Core runtime.',
  ];
  const first = samples[0]!;
  const atCache = [...samples].reverse().find((sample) => sample.claims <= cache);
  const afterFull = samples.find((sample) => sample.claims > cache);
  const kbPerClaim = (from: RssSample, to: RssSample) => ((to.rssMb - from.rssMb) * 1024) / Math.max(1, to.claims - from.claims);
  if (!atCache || !afterFull || afterFull === last) {
    lines.push(`The cache (${cache}) did not fill with room to spare, so this run does not show the bound; the 10,000-claim target is NOT measured.`);
    return lines;
  }
  const filling = atCache === first ? undefined : kbPerClaim(first, atCache);
  const creep = kbPerClaim(afterFull, last);
  const heapCreep = afterFull.heapMb !== undefined && last.heapMb !== undefined
    ? ((last.heapMb - afterFull.heapMb) * 1024) / Math.max(1, last.claims - afterFull.claims) : undefined;
  const projected = last.rssMb + (creep * Math.max(0, 10_000 - last.claims)) / 1024;
  lines.push(
    `The first ${first.claims} claims added ${(first.rssMb - baselineMb).toFixed(0)} MB (largely one-time costs such as JIT, connection pools and the shared workflow context; not separable here). ` +
      (filling === undefined ? '' : `Then ${filling.toFixed(0)} KB per claim while the cache filled (${first.claims}→${atCache.claims}), `) +
      `${creep.toFixed(0)} KB per claim once it was full (${afterFull.claims}→${last.claims})` +
      (heapCreep === undefined ? '.' : `, of which the V8 heap ${heapCreep.toFixed(0)} KB.`),
    `10,000 waiting claims were NOT driven here (hours at this rate). If RSS kept growing ${creep.toFixed(0)} KB per claim past the cache, 10,000 claims would ` +
      `reach about ${projected.toFixed(0)} MB: the 512 MB target is ${projected < 512 ? 'expected to hold (a projection, not a measurement)' : 'NOT shown by this run'}.`,
  );
  return lines;
}
