/**
 * Worker resident memory with N claims waiting for their return: the real worker process (worker/main.ts, bounded
 * workflow cache) on its own task queue; each claim is opened, handed over and delivered (webhook), then waits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { openClaim } from '../client/claims';
import { deviceLookupOf } from '../data/devices';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { workflowInterceptorModules } from '../worker/workflow-source';
import { claimStateQuery, completeShipmentUpdate } from '../workflows/messages';
import { until, pool } from './drive';
import { claimRequestFor, fleetMac } from './fleet';
import type { BenchWorld } from './world';
import { startWorkerProcess } from './worker-process';

const MEMORY_QUEUE = 'bench-memory';

/** One RSS sample of the worker process. */
export interface RssSample {
  claims: number;
  rssMb: number;
  /** V8 heap in use (the worker's `rf_nodejs_heap_size_used_bytes`), to tell JS objects from native memory. */
  heapMb?: number;
}

/** The worker's V8 heap in use (MB), read from its /metrics; undefined when unreadable. */
async function heapUsedMb(opsUrl: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${opsUrl}/metrics`)).text();
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

/** Opens claims of `macs` on a worker process of its own (workflow cache `maxCachedWorkflows`), in batches of `batchSize`, until all are open or `budgetMs` is spent, sampling RSS after each batch. */
export async function waitingClaimsMemory(world: BenchWorld, macs: string[], concurrency: number, batchSize: number, budgetMs: number, maxCachedWorkflows: number, progress: (line: string) => void): Promise<{ baselineMb: number; samples: RssSample[]; settledMb: number; seconds: number }> {
  const product = world.empty;
  const worker = await startWorkerProcess(world, product, { queue: MEMORY_QUEUE, name: 'memory-worker', env: { WORKER_MAX_CACHED_WORKFLOWS: String(maxCachedWorkflows) } });
  try {
    const baselineMb = rssMb(worker.pid);
    const samples: RssSample[] = [];
    const started = Date.now();
    let done = 0;
    for (let start = 0; start < macs.length && Date.now() - started < budgetMs; start += batchSize) {
      await pool(macs.slice(start, start + batchSize), concurrency, async (mac, offset) => {
        const opened = await openClaim(world.client, MEMORY_QUEUE, claimRequestFor(mac), { device: await deviceLookupOf(product.db, mac) }); // as POST /claims
        const handle = world.client.workflow.getHandle(opened.workflowId);
        const state = await until(() => handle.query(claimStateQuery), (s) => s.status === 'awaiting-shipment', `${mac} awaiting-shipment`, 300_000, 500);
        await handle.executeUpdate(completeShipmentUpdate, { args: [{ replacementMac: fleetMac(0xee, start + offset), completedBy: 'bench' }] });
        await product.sandbox.playTracking(state.legs.outbound.label!.trackingNumber, ['TRANSIT', 'DELIVERED']);
        done += 1;
        progress(`memory: ${done} claims waiting for their return, worker RSS ${rssMb(worker.pid).toFixed(0)} MB`);
      });
      const heapMb = await heapUsedMb(worker.opsUrl);
      samples.push({ claims: done, rssMb: rssMb(worker.pid), ...(heapMb === undefined ? {} : { heapMb }) });
    }
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    return { baselineMb, samples, settledMb: rssMb(worker.pid), seconds };
  } finally {
    worker.stop();
  }
}

/** Bundles the workflows once into `dir` (as the Docker build does) and returns the file's path. */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message: string) => console.error(message), log: () => undefined };
  const bundle = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundle, (await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), workflowInterceptorModules, logger: quiet })).code);
  return bundle;
}

/** At most `count` of `samples`, evenly spread, the last always among them. */
function thinned(samples: RssSample[], count: number): RssSample[] {
  if (samples.length <= count) return samples;
  const step = samples.length / count;
  return Array.from({ length: count }, (_, i) => samples[Math.min(samples.length - 1, Math.round((i + 1) * step) - 1)]!);
}

/** The memory phase in words: samples, growth per claim before and after the cache filled, and what that means for 10,000 claims. */
export function memoryReport(memory: { baselineMb: number; samples: RssSample[]; settledMb: number; seconds: number }, cache: number, budgetSeconds: number): string[] {
  const { baselineMb, samples } = memory;
  const last = samples[samples.length - 1];
  if (!last) return ['No claim was opened in the memory phase.'];
  const shown = thinned(samples, 12);
  const peak = samples.reduce((max, sample) => (sample.rssMb > max.rssMb ? sample : max), last);
  const lines = [
    `Worker RSS (worker/main.ts under tsx with ${WORKER_NODE_FLAGS.join(' ')}, prebuilt workflow bundle, WORKER_MAX_CACHED_WORKFLOWS ${cache}): baseline ${baselineMb.toFixed(0)} MB before any claim; ` +
      shown.map((sample) => `${sample.claims} claims ${sample.rssMb.toFixed(0)} MB`).join(', ') + `; ${memory.settledMb.toFixed(0)} MB 5 s after the last; ` +
      `highest of all ${samples.length} samples ${peak.rssMb.toFixed(0)} MB (at ${peak.claims} claims).`,
    ...(samples.some((sample) => sample.heapMb !== undefined)
      ? [`V8 heap in use at the same points (the rest of RSS is native: Temporal Core, buffers, code): ${shown.map((sample) => `${sample.claims}: ${sample.heapMb?.toFixed(0) ?? '?'} MB`).join(', ')}.`]
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
  const rate = last.claims / memory.seconds;
  lines.push(
    `The first ${first.claims} claims added ${(first.rssMb - baselineMb).toFixed(0)} MB (largely one-time costs such as JIT, connection pools and the shared workflow context; not separable here). ` +
      (filling === undefined ? '' : `Then ${filling.toFixed(0)} KB per claim while the cache filled (${first.claims}→${atCache.claims}), `) +
      `${creep.toFixed(0)} KB per claim once it was full (${afterFull.claims}→${last.claims})` +
      (heapCreep === undefined ? '.' : `, of which the V8 heap ${heapCreep.toFixed(0)} KB.`),
    last.claims >= 10_000
      ? `10,000 waiting claims were driven for real: ${last.rssMb.toFixed(0)} MB with ${last.claims} claims waiting; the 512 MB target is ${last.rssMb < 512 ? 'met' : 'NOT met'}.`
      : `10,000 waiting claims were NOT driven here (${last.claims} in the ${budgetSeconds} s budget; about ${((10_000 / rate) / 60).toFixed(0)} min at ${rate.toFixed(2)} claims/s: ` +
        `BENCH_MEMORY_SECONDS=${Math.ceil((10_000 / rate) * 1.1)} drives them). If RSS kept growing ${creep.toFixed(0)} KB per claim past the cache, 10,000 claims would ` +
        `reach about ${projected.toFixed(0)} MB: the 512 MB target is ${projected < 512 ? 'expected to hold (a projection, not a measurement)' : 'NOT shown by this run'}.`,
  );
  return lines;
}
