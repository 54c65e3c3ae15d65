/**
 * `npm run bench`: the product against the bare-Temporal floor on its own embedded stack, with an empty database and
 * with a seeded history ("at size"), several runs, medians and min–max, printed and written to BENCHMARKS.md.
 * Sizes via env: BENCH_RUNS (3), BENCH_CLAIMS (30), BENCH_WEBHOOKS (30), BENCH_CONCURRENCY (12); at size:
 * BENCH_HISTORY_CLAIMS (54000: over 50,000 claims and, at the seeded mix of 1.88 tasks per claim, over 100,000
 * tasks), BENCH_HISTORY_DAYS (365), BENCH_OPENS (60 through each of the two APIs, in bursts of BENCH_OPEN_CONCURRENCY 20),
 * BENCH_READ_SAMPLES (40), BENCH_IDLE_SECONDS (60) with scrapes every BENCH_SCRAPE_SECONDS (15) and the tracking
 * poller every BENCH_POLL_SECONDS (10); memory: BENCH_MEMORY_CLAIMS (10000; 0 skips), BENCH_MEMORY_SECONDS (300: the
 * phase stops opening claims after it), BENCH_MEMORY_CACHE (the worker's WORKER_MAX_CACHED_WORKFLOWS, production's
 * default), BENCH_MEMORY_CONCURRENCY (16). `--quick` is a small smoke run (not written); `--memory-only` runs the
 * memory phase alone and writes its figure and section into the BENCHMARKS.md the last full run wrote.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedFleet } from '../bench/fleet';
import { cpuPercentDuring, idleDatabaseCpu } from '../bench/idle';
import { benchmarksMarkdown, withMemoryPhase, type BenchResults, type RunFigures } from '../bench/markdown';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../config/env';
import { bareThroughput, historyShape, productThroughput, webhookIngestion, type HistoryShape } from '../bench/measure';
import { waitingClaimsMemory } from '../bench/memory';
import { timeBareOpens, timeOpens } from '../bench/opens';
import { sampleClaims, timeReads } from '../bench/reads';
import { percentile, spread } from '../bench/report';
import { pool } from '../bench/drive';
import { startBenchWorld, WEBHOOK_SECRET, type BenchProduct, type BenchWorld } from '../bench/world';
import { startApiProcess } from '../bench/worker-process';
import { claimListKeys, claimLists } from '../data/claim-index';
import { activeClaims } from '../data/claims-active';
import { runMain, UserFacingError } from '../entry/errors';
import { wholeNumberFromEnv } from './lib/env-number';
import { storedSize } from './lib/history/report';
import { seedHistory } from './lib/history/seed-history';
import { repoRoot } from './lib/paths';

const quick = process.argv.includes('--quick');
const memoryOnly = process.argv.includes('--memory-only');
const setting = (name: string, full: number, smoke: number) => (quick ? smoke : wholeNumberFromEnv(name, full));
const settings = {
  runs: setting('BENCH_RUNS', 3, 1), claims: setting('BENCH_CLAIMS', 30, 8), webhooks: setting('BENCH_WEBHOOKS', 30, 8),
  concurrency: wholeNumberFromEnv('BENCH_CONCURRENCY', 12),
  history: setting('BENCH_HISTORY_CLAIMS', 54_000, 2_000), historyDays: wholeNumberFromEnv('BENCH_HISTORY_DAYS', 365),
  opens: setting('BENCH_OPENS', 60, 20), openConcurrency: wholeNumberFromEnv('BENCH_OPEN_CONCURRENCY', 20),
  readSamples: setting('BENCH_READ_SAMPLES', 40, 10),
  idleSeconds: setting('BENCH_IDLE_SECONDS', 60, 20), scrapeSeconds: wholeNumberFromEnv('BENCH_SCRAPE_SECONDS', 15), pollSeconds: wholeNumberFromEnv('BENCH_POLL_SECONDS', 10),
  memoryClaims: setting('BENCH_MEMORY_CLAIMS', 10_000, 40), memorySeconds: setting('BENCH_MEMORY_SECONDS', 300, 60),
  memoryCache: setting('BENCH_MEMORY_CACHE', DEFAULT_MAX_CACHED_WORKFLOWS, 20), memoryConcurrency: wholeNumberFromEnv('BENCH_MEMORY_CONCURRENCY', 16),
};

/** The largest entries of a per-target millisecond map, as "find claims 12.3 ms, …". */
function topTargets(msByTarget: Record<string, number>): string {
  return Object.entries(msByTarget).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([target, ms]) => `${target} ${ms.toFixed(1)} ms`).join(', ');
}

const status = (line: string) => process.stdout.write(`\r\x1b[2K${line}`);
const say = (line: string) => process.stdout.write(`\r\x1b[2K${line}\n`);
const perClaim = (map: Record<string, number>, claims: number) => Object.fromEntries(Object.entries(map).map(([key, value]) => [key, value / claims]));

/** Fleets of devices with one unit each: per run for the product and webhook phases, and for the opens at size. */
async function seedFleets(world: BenchWorld) {
  const { runs, claims, webhooks, opens } = settings;
  const empty = { product: [] as string[][], webhook: [] as string[][] };
  for (let run = 0; run < runs; run++) {
    empty.product.push(await seedFleet(world.empty.db, 0x10 + run, claims));
    empty.webhook.push(await seedFleet(world.empty.db, 0x20 + run, webhooks));
  }
  // One import at size: every registry read there that is not by `_id` reads the whole history's devices and units.
  const atSize = await seedFleet(world.atSize.db, 0x60, 1 + runs * claims + 2 * opens + 1); // opens through each of two APIs, and a warm-up
  return {
    empty, warm: { empty: await seedFleet(world.empty.db, 0x0f, 1), atSize: atSize.slice(0, 1) },
    atSize: { product: Array.from({ length: runs }, (_, run) => atSize.slice(1 + run * claims, 1 + (run + 1) * claims)), opens: atSize.slice(1 + runs * claims) },
  };
}

/**
 * `POST /claims` in bursts, taking turns burst by burst: through the production API process (client/api/main.ts, as
 * deployed: its own process beside the worker) and through the API inside the bench process (which shares its event
 * loop with both workers, the sandboxes and the driver); the first `opens` of `macs` for the one, the next for the
 * other, the last to warm the new process up (its first request, untimed) as the in-process API was by the phases before.
 */
async function timeBothOpens(world: BenchWorld, macs: string[]): Promise<{ openLatencies: number[]; inProcessOpenLatencies: number[] }> {
  const { opens, openConcurrency } = settings;
  const api = await startApiProcess(world, world.atSize, { SHIPPO_WEBHOOK_SECRET: WEBHOOK_SECRET, PUBLIC_RATE_LIMIT_PER_MINUTE: 1_000_000 });
  const openLatencies: number[] = [];
  const inProcessOpenLatencies: number[] = [];
  try {
    await timeOpens(world.client, api.url, macs.slice(2 * opens, 2 * opens + 1), 1, () => status('at size: warming the API process up'));
    for (let from = 0; from < opens; from += openConcurrency) {
      const burst = (offset: number) => macs.slice(offset + from, offset + Math.min(opens, from + openConcurrency));
      openLatencies.push(...await timeOpens(world.client, api.url, burst(0), openConcurrency, () => status(`at size: POST /claims ${openLatencies.length}/${opens} (API process)`)));
      inProcessOpenLatencies.push(...await timeOpens(world.client, world.atSize.apiUrl, burst(opens), openConcurrency, () => status(`at size: POST /claims ${inProcessOpenLatencies.length}/${opens} (in-process API)`)));
    }
  } finally {
    api.stop();
  }
  return { openLatencies, inProcessOpenLatencies };
}

/** One run: bare, the product empty and at size (alternating, so both see the same machine), history events, webhooks. */
async function oneRun(world: BenchWorld, run: number, fleets: Awaited<ReturnType<typeof seedFleets>>, shape: HistoryShape): Promise<RunFigures> {
  const { runs, claims, concurrency } = settings;
  const label = `run ${run + 1}/${runs}`;
  // FerretDB's CPU while only bare workflows run (they never touch MongoDB): what the product does meanwhile.
  const { result: bare, percent: ferretDuringBare } = await cpuPercentDuring(world.stack.ferretdb!.pid,
    () => bareThroughput(world.client, `r${run}`, claims, concurrency, shape, (done) => status(`${label}: bare ${done}/${claims}`)));
  const product = (target: BenchProduct, macs: string[], prefix: number) =>
    productThroughput(world.client, target, macs, concurrency, prefix, (done) => status(`${label}: product ${target.label} ${done}/${claims}`));
  const empty = await product(world.empty, fleets.empty.product[run]!, 0x40 + run);
  const atSize = await product(world.atSize, fleets.atSize.product[run]!, 0x70 + run);
  const events: number[] = [];
  await pool(empty.workflowIds.slice(0, 10), 4, async (id) => void events.push((await historyShape(world.client, id)).events));
  const ingestion = await webhookIngestion(world.client, world.empty, fleets.empty.webhook[run]!, concurrency, 0x50 + run, `r${run}`, (line) => status(`${label}: webhooks: ${line}`));
  const figures: RunFigures = {
    empty: empty.perSecond, atSize: atSize.perSecond, bare: bare.perSecond, events: spread(events).median,
    trips: { empty: empty.roundTripsPerClaim, atSize: atSize.roundTripsPerClaim },
    dbMs: { empty: perClaim(empty.msByTarget, claims), atSize: perClaim(atSize.msByTarget, claims) },
    byCommand: perClaim(empty.byCommand, claims), byTarget: perClaim(empty.countsByTarget, claims), hook: ingestion.webhook.perSecond, signal: ingestion.bare.perSecond, ferretDuringBare,
  };
  say(`  ${label}: product ${figures.empty.toFixed(2)}/s empty, ${figures.atSize.toFixed(2)}/s at size (ratio ${(figures.atSize / figures.empty).toFixed(2)}), ` +
    `bare ${figures.bare.toFixed(2)}/s (FerretDB ${ferretDuringBare.toFixed(1)} % of a core meanwhile); ${figures.events} events/claim; DB commands/claim ${figures.trips.empty.toFixed(1)} / ${figures.trips.atSize.toFixed(1)}; ` +
    `webhooks ${figures.hook.toFixed(1)}/s vs signals ${figures.signal.toFixed(1)}/s`);
  say(`    DB time per claim, empty: ${topTargets(figures.dbMs.empty)}`);
  say(`    DB time per claim, at size: ${topTargets(figures.dbMs.atSize)}`);
  return figures;
}

/** The memory phase: worker RSS while claims pile up waiting for their return. */
async function memoryPhase(world: BenchWorld) {
  status(`seeding ${settings.memoryClaims} devices for the memory phase`);
  const macs = await seedFleet(world.empty.db, 0x30, settings.memoryClaims);
  const memory = await waitingClaimsMemory(world, macs, settings.memoryConcurrency, quick ? 10 : 100, settings.memorySeconds * 1000, settings.memoryCache, status);
  say(`  memory: baseline ${memory.baselineMb.toFixed(0)} MB; last ${memory.samples.at(-1)?.claims ?? 0}: ${memory.samples.at(-1)?.rssMb.toFixed(0) ?? '?'} MB, highest ${Math.max(...memory.samples.map((sample) => sample.rssMb)).toFixed(0)} MB; settled ${memory.settledMb.toFixed(0)} MB`);
  return memory;
}

/** `--memory-only`: the memory phase on a stack of its own, written into the existing BENCHMARKS.md. */
async function runMemoryOnly(): Promise<void> {
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  if (!fs.existsSync(file)) throw new UserFacingError('--memory-only writes into BENCHMARKS.md: run `npm run bench` first');
  if (settings.memoryClaims < 1) throw new UserFacingError('BENCH_MEMORY_CLAIMS must be ≥ 1 with --memory-only');
  say(`▶ bench --memory-only: up to ${settings.memoryClaims} claims waiting for their return in ${settings.memorySeconds} s, cache ${settings.memoryCache}`);
  const world = await startBenchWorld((line) => status(line));
  try {
    const memory = await memoryPhase(world);
    fs.writeFileSync(file, withMemoryPhase(fs.readFileSync(file, 'utf8'), memory, settings, new Date()));
    say('✔ figure d and the Memory section written to BENCHMARKS.md');
  } finally {
    status('stopping the bench stack');
    await world.stop();
    say('✔ stopped');
  }
}

runMain(async () => {
  if (memoryOnly) return runMemoryOnly();
  const { runs, claims, webhooks, concurrency } = settings;
  if (runs < 1 || claims < 1 || webhooks < 1 || concurrency < 1 || settings.history < 1 || settings.openConcurrency < 1 || settings.readSamples < 1) {
    throw new UserFacingError('BENCH_RUNS, BENCH_CLAIMS, BENCH_WEBHOOKS, BENCH_CONCURRENCY, BENCH_HISTORY_CLAIMS, BENCH_OPEN_CONCURRENCY and BENCH_READ_SAMPLES must be ≥ 1');
  }
  const started = Date.now();
  const loadAtStart = os.loadavg()[0]!;
  say(`▶ bench: ${runs} run(s) × ${claims} claims and ${webhooks} webhooks, concurrency ${concurrency}; ${settings.history.toLocaleString('en-US')} claims seeded for the at-size phase; ` +
    `${settings.memoryClaims} waiting claims for memory`);
  const world = await startBenchWorld((line) => status(line));
  try {
    const history = await seedHistory(world.atSize.db, { claims: settings.history, days: settings.historyDays, messageIdDomain: 'bench.example' },
      (at) => status(`seeding the history: ${at.step} ${at.done.toLocaleString('en-US')}/${at.total.toLocaleString('en-US')}`));
    const historySize = await storedSize(world.atSize.db);
    say(`  history: ${history.claims.toLocaleString('en-US')} claims (${history.tasks.toLocaleString('en-US')} tasks) seeded in ${history.seconds.total.toFixed(0)} s ` +
      `(${history.claimsPerSecond.toFixed(0)} claims/s)${historySize ? `, ${(historySize.storageBytes / 2 ** 20).toFixed(0)} MB` : ''}`);
    status('seeding the device fleets');
    const fleets = await seedFleets(world);

    status('warm-up: one claim through each product and one bare workflow');
    const warmup = await productThroughput(world.client, world.empty, fleets.warm.empty, 1, 0x4f, () => undefined);
    await productThroughput(world.client, world.atSize, fleets.warm.atSize, 1, 0x7f, () => undefined);
    const shape = await historyShape(world.client, warmup.workflowIds[0]!);
    await bareThroughput(world.client, 'warm', 1, 1, shape, () => undefined);
    say(`  happy-path shape: ${shape.events} events, ${shape.activitiesBeforeHandOver}+${shape.activitiesAfterHandOver} activities, ${shape.signals} signals`);

    const perRun: RunFigures[] = [];
    for (let run = 0; run < runs; run++) perRun.push(await oneRun(world, run, fleets, shape));

    const { openLatencies, inProcessOpenLatencies } = await timeBothOpens(world, fleets.atSize.opens);
    say(`  POST /claims at ${settings.openConcurrency} concurrent (at size), API in its own process: p50 ${percentile(openLatencies, 0.5).toFixed(0)} ms, p95 ${percentile(openLatencies, 0.95).toFixed(0)} ms over ${openLatencies.length}`);
    say(`  the same through the API inside the bench process: p50 ${percentile(inProcessOpenLatencies, 0.5).toFixed(0)} ms, p95 ${percentile(inProcessOpenLatencies, 0.95).toFixed(0)} ms`);
    status('floor: bare workflow start');
    const bareOpenLatencies = await timeBareOpens(world.client, openLatencies.length, settings.openConcurrency, String(Date.now()));
    say(`  bare workflow start, same bursts: p50 ${percentile(bareOpenLatencies, 0.5).toFixed(0)} ms, p95 ${percentile(bareOpenLatencies, 0.95).toFixed(0)} ms`);
    // Finished claims are under `opened`; open ones (filed when they finish) are in the working set.
    const stored = await claimLists(world.atSize.db).top(claimListKeys.opened) + (await activeClaims(world.atSize.db)).length;
    const reads = await timeReads(world.atSize, await sampleClaims(world.atSize.db, 50, history.claims), settings.readSamples, (done) => status(`at size: reads round ${done}/${settings.readSamples}`));
    for (const read of reads) say(`  ${read.name.padEnd(38)} first ${read.firstMs.toFixed(0).padStart(5)} ms, p50 ${read.p50Ms.toFixed(0).padStart(4)} ms, p95 ${read.p95Ms.toFixed(0).padStart(4)} ms`);
    const idle = await idleDatabaseCpu(world, world.atSize, { seconds: settings.idleSeconds, scrapeEveryMs: settings.scrapeSeconds * 1000, pollIntervalMs: settings.pollSeconds * 1000 }, status);
    say(`  FerretDB idle: ${idle.cpuPercent.toFixed(2)} % of a core over ${idle.seconds.toFixed(0)} s; requests/min ${JSON.stringify(idle.requestsPerMinute)}`);

    let memory;
    if (settings.memoryClaims > 0) memory = await memoryPhase(world);

    const results: BenchResults = {
      settings, minutes: (Date.now() - started) / 60_000, load: { start: loadAtStart, end: os.loadavg()[0]! }, shape, perRun, history, storedClaims: stored,
      ...(historySize ? { historyMb: historySize.storageBytes / 2 ** 20 } : {}), openLatencies, inProcessOpenLatencies, bareOpenLatencies, reads, idle, ...(memory ? { memory } : {}),
    };
    const { tables, markdown } = benchmarksMarkdown(results, new Date());
    say(`\n${tables}\nbench finished in ${results.minutes.toFixed(1)} min`);
    if (quick) return;
    fs.writeFileSync(path.join(repoRoot, 'BENCHMARKS.md'), markdown);
    say('✔ written to BENCHMARKS.md');
  } finally {
    status('stopping the bench stack');
    await world.stop();
    say('✔ stopped');
  }
});
