/**
 * FerretDB's CPU while no claim moves: the production worker process (its tracking poller polling on a short
 * interval) on the product's database, the bench's API and idle workers, and metrics scrapes of the API and the
 * worker at a steady pace. CPU from /proc/<pid>/stat of the FerretDB process; what reached it from FerretDB's own
 * request counters (`ferretdb_client_requests_total` by command) and, by collection, from the bench process's
 * command monitor and the worker's (bench/command-census.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchProduct, BenchWorld, RoundTrips } from './world';
import { startWorkerProcess } from './worker-process';

/** What the idle window showed. */
export interface IdleReport {
  seconds: number;
  /** FerretDB's CPU (user + system) as a share of one core, in percent. */
  cpuPercent: number;
  /** Requests FerretDB received per minute, by command (every client). */
  requestsPerMinute: Record<string, number>;
  /** Commands per minute the bench process's API sent, by command and collection. */
  apiCommandsPerMinute: Record<string, number>;
  /** Commands per minute the worker process sent (its scrapes and tracking poller), by command and collection. */
  workerCommandsPerMinute: Record<string, number>;
  scrapes: number;
  pollIntervalMs: number;
  scrapeEveryMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) the process `pid` used so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime, stime (fields 14 and 15 of stat)
}

/** Measures the share of one core (percent) `pid` used while `work` ran. */
export async function cpuPercentDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; percent: number }> {
  const [cpu, wall] = [cpuSeconds(pid), performance.now()];
  const result = await work();
  return { result, percent: ((cpuSeconds(pid) - cpu) / ((performance.now() - wall) / 1000)) * 100 };
}

/** FerretDB's request counters by command (`unknown`: the OP_QUERY handshake of a new connection) and its accepted connections, from its debug handler. */
async function ferretRequests(debugUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${debugUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const [, command, value] of text.matchAll(/^ferretdb_client_requests_total\{command="([^"]*)",opcode="[^"]*"\} (\S+)$/gm)) {
    counts.set(command!, (counts.get(command!) ?? 0) + Number(value));
  }
  for (const [, value] of text.matchAll(/^ferretdb_client_accepts_total\{error="0"\} (\S+)$/gm)) counts.set('(connections accepted)', Number(value));
  return counts;
}

const perMinute = (count: number, seconds: number) => Math.round((count * 600) / seconds) / 10;

/** Measures `seconds` of idle time on `product`'s database, scraping every `scrapeEveryMs`, the poller every `pollIntervalMs`. */
export async function idleDatabaseCpu(world: BenchWorld, product: BenchProduct, options: { seconds: number; scrapeEveryMs: number; pollIntervalMs: number }, progress: (line: string) => void): Promise<IdleReport> {
  const ferretdb = world.stack.ferretdb;
  if (!ferretdb) throw new Error('the idle phase needs the embedded FerretDB (MONGODB_URI is set)');
  progress('idle: starting the worker process with its tracking poller');
  const census = path.join(world.dataDir, 'idle-worker-commands.json');
  const worker = await startWorkerProcess(world, product, {
    queue: 'bench-idle', name: 'idle-worker', env: { TRACKING_POLL_INTERVAL_MS: String(options.pollIntervalMs), RF_COMMAND_CENSUS: census },
    preload: [require.resolve('./command-census')],
  });
  const workerCommands = (): Record<string, number> => (fs.existsSync(census) ? JSON.parse(fs.readFileSync(census, 'utf8')) as Record<string, number> : {});
  try {
    const scrape = async () => {
      for (const url of [`${product.apiUrl}/metrics`, `${worker.opsUrl}/metrics`]) {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      }
    };
    await scrape(); // a new process reads the past rollups once: the window measures the steady state after it
    await sleep(10_000); // the worker's start-up reads settle
    product.resetRoundTrips();
    const before = { cpu: cpuSeconds(ferretdb.pid), requests: await ferretRequests(ferretdb.debugUrl), worker: workerCommands(), at: performance.now() };
    let scrapes = 0;
    while (performance.now() - before.at < options.seconds * 1000) {
      const next = performance.now() + options.scrapeEveryMs;
      await scrape();
      scrapes += 1;
      progress(`idle: ${((performance.now() - before.at) / 1000).toFixed(0)}/${options.seconds} s, ${scrapes} scrapes`);
      await sleep(Math.max(0, Math.min(next, before.at + options.seconds * 1000) - performance.now()));
    }
    const seconds = (performance.now() - before.at) / 1000;
    const cpu = cpuSeconds(ferretdb.pid) - before.cpu;
    const after = await ferretRequests(ferretdb.debugUrl);
    const requestsPerMinute = Object.fromEntries([...after].map(([command, n]) => [command, perMinute(n - (before.requests.get(command) ?? 0), seconds)]).filter(([, n]) => Number(n) > 0));
    const api: RoundTrips = product.roundTrips();
    const workerAfter = workerCommands();
    return {
      workerCommandsPerMinute: Object.fromEntries(Object.entries(workerAfter).map(([target, n]) => [target, perMinute(n - (before.worker[target] ?? 0), seconds)]).filter(([, n]) => Number(n) > 0)),
      seconds, cpuPercent: (cpu / seconds) * 100, requestsPerMinute, scrapes,
      apiCommandsPerMinute: Object.fromEntries(Object.entries(api.countsByTarget).map(([target, n]) => [target, perMinute(n, seconds)])),
      pollIntervalMs: options.pollIntervalMs, scrapeEveryMs: options.scrapeEveryMs,
    };
  } finally {
    worker.stop();
  }
}
