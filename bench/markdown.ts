/** BENCHMARKS.md from one bench run: the figures table, the reads at size, the seeded history, idle, memory, method. */
import type { HistoryReport } from '../scripts/lib/history/seed-history';
import type { IdleReport } from './idle';
import type { HistoryShape } from './measure';
import { memoryReport, type RssSample } from './memory';
import type { ReadTiming } from './reads';
import { machineDescription, percentile, renderTable, spread, type Row } from './report';

/** What one run measured. */
export interface RunFigures {
  /** Happy-path claims/s on the empty database and on the one holding the history. */
  empty: number;
  atSize: number;
  bare: number;
  events: number;
  trips: { empty: number; atSize: number };
  /** Database time per claim by command and collection. */
  dbMs: { empty: Record<string, number>; atSize: Record<string, number> };
  byCommand: Record<string, number>;
  /** Database commands per claim by command and collection (empty database). */
  byTarget: Record<string, number>;
  hook: number;
  signal: number;
  /** FerretDB's CPU (percent of a core) while the bare workflows ran. */
  ferretDuringBare: number;
}

/** Everything a bench run measured. */
export interface BenchResults {
  settings: {
    runs: number; claims: number; webhooks: number; concurrency: number; history: number; historyDays: number; openConcurrency: number;
    idleSeconds: number; memoryCache: number; memorySeconds: number;
  };
  minutes: number;
  /** The machine's 1-minute load average when the run started and ended. */
  load: { start: number; end: number };
  shape: HistoryShape;
  perRun: RunFigures[];
  history: HistoryReport;
  /** Claims in the at-size database when its reads were timed (the history and the bench's own). */
  storedClaims: number;
  historyMb?: number;
  openLatencies: number[];
  /** The same bursts of bare workflow starts (bench/opens.ts `timeBareOpens`): Temporal's own floor. */
  bareOpenLatencies: number[];
  /** The same opens through the API inside the bench process (the figure above is the API in its own process, as deployed). */
  inProcessOpenLatencies: number[];
  reads: ReadTiming[];
  idle: IdleReport;
  memory?: { baselineMb: number; samples: RssSample[]; settledMb: number; seconds: number };
}

const READ_P50_MS = 100;
const READ_P95_MS = 250;
const count = (n: number) => n.toLocaleString('en-US');
const listed = (map: Record<string, number>, digits = 1) => Object.entries(map).sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ${n.toFixed(digits)}`).join(', ');

/** The figures table (one row per figure, median over runs). */
function figuresTable(results: BenchResults): string {
  const { perRun, settings, history } = results;
  const stored = `${count(history.claims)} stored`;
  const rows: Row[] = [
    { figure: 'a. happy-path claims/s, empty database', target: '—', values: perRun.map((run) => run.empty), digits: 2 },
    { figure: `a. happy-path claims/s, ${stored}`, target: '—', values: perRun.map((run) => run.atSize), digits: 2 },
    { figure: `a. ratio ${stored} ÷ empty (same run)`, target: '≥ 0.8', values: perRun.map((run) => run.atSize / run.empty), digits: 2, verdict: (m) => m >= 0.8 },
    { figure: 'a. bare workflows/s (same activities and steps)', target: '—', values: perRun.map((run) => run.bare), digits: 2 },
    { figure: 'a. ratio product (empty) / bare', target: '≥ 0.8', values: perRun.map((run) => run.empty / run.bare), digits: 2, verdict: (m) => m >= 0.8 },
    { figure: 'b. history events per happy-path claim', target: '≤ 80', values: perRun.map((run) => run.events), digits: 0, verdict: (m) => m <= 80 },
    { figure: 'b. database round trips per claim, empty', target: '—', values: perRun.map((run) => run.trips.empty), digits: 1 },
    { figure: `b. database round trips per claim, ${stored}`, target: '—', values: perRun.map((run) => run.trips.atSize), digits: 1 },
    { figure: 'c. tracking webhooks routed/s (HTTP → signal)', target: '—', values: perRun.map((run) => run.hook), digits: 1 },
    { figure: 'c. bare signals/s', target: '—', values: perRun.map((run) => run.signal), digits: 1 },
    { figure: 'c. ratio webhooks / bare signals', target: '≥ 0.8', values: perRun.map((run) => run.hook / run.signal), digits: 2, verdict: (m) => m >= 0.8 },
  ];
  if (results.memory) rows.push(memoryRow(results.memory, settings.memoryCache));
  rows.push(
    { figure: `e. POST /claims p95 (ms), ${settings.openConcurrency} concurrent, ${stored}, API process as deployed`, target: '≤ 1,000', values: [percentile(results.openLatencies, 0.95)], digits: 0, verdict: (m) => m <= 1_000 },
    { figure: 'e. POST /claims p95 (ms), the API inside the bench process instead', target: '—', values: [percentile(results.inProcessOpenLatencies, 0.95)], digits: 0 },
    { figure: 'e. bare workflow start p95 (ms), same bursts (the floor)', target: '—', values: [percentile(results.bareOpenLatencies, 0.95)], digits: 0 },
    { figure: 'e. ratio POST /claims p95 ÷ floor p95', target: '—', values: [percentile(results.openLatencies, 0.95) / percentile(results.bareOpenLatencies, 0.95)], digits: 2 },
    { figure: `f. FerretDB CPU, no claim moving (% of a core), ${stored}`, target: '< 2', values: [results.idle.cpuPercent], digits: 2, verdict: (m) => m < 2 },
  );
  return renderTable(rows);
}

type MemoryPhase = NonNullable<BenchResults['memory']>;

/**
 * Figure d: the highest worker RSS seen while the claims were opened. Met only when the run actually reached 10,000
 * claims waiting and stayed under 512 MB; fewer claims are a measurement, not a verdict.
 */
function memoryRow(memory: MemoryPhase, cache: number): Row {
  const last = memory.samples[memory.samples.length - 1];
  const claims = last?.claims ?? 0;
  const peak = Math.max(memory.settledMb, ...memory.samples.map((sample) => sample.rssMb));
  return {
    figure: `d. worker RSS (MB), highest with up to ${count(claims)} claims waiting (cache ${cache})`, target: '10,000 claims < 512 MB',
    values: [peak], digits: 0, verdict: (m) => claims >= 10_000 && m < 512,
  };
}

/**
 * BENCHMARKS.md with figure d and the Memory section replaced by a memory phase run on its own
 * (`npm run bench -- --memory-only`), said so with its date.
 */
export function withMemoryPhase(markdown: string, memory: MemoryPhase, settings: { memoryCache: number; memorySeconds: number; memoryConcurrency: number }, at: Date): string {
  const row = renderTable([memoryRow(memory, settings.memoryCache)]).split('\n').at(-1)!;
  const lines = markdown.split('\n');
  const rowAt = lines.findIndex((line) => line.startsWith('| d. worker RSS'));
  if (rowAt >= 0) lines[rowAt] = row;
  else lines.splice(lines.findIndex((line) => line.startsWith('| e. ')), 0, row);
  const section = ['## Memory', '', `- Measured by \`npm run bench -- --memory-only\` on ${at.toISOString()}, a run of its own after the one above (same machine, same embedded stack; ${settings.memoryConcurrency} claims driven at once).`,
    ...memoryReport(memory, settings.memoryCache, settings.memorySeconds).map((line) => `- ${line}`), ''];
  const start = lines.indexOf('## Memory');
  const end = lines.indexOf('## How it is measured');
  if (start >= 0) lines.splice(start, end - start, ...section);
  else lines.splice(end, 0, ...section);
  return lines.join('\n');
}

/** The reads table: first request, p50 and p95 of each path. */
function readsTable(reads: ReadTiming[]): string {
  const lines = [`| Read | First (ms) | p50 (ms) | p95 (ms) | Samples | Target met (p50 ≤ ${READ_P50_MS}, p95 ≤ ${READ_P95_MS}) |`, '|---|---|---|---|---|---|'];
  for (const read of reads) {
    const met = read.p50Ms <= READ_P50_MS && read.p95Ms <= READ_P95_MS ? 'yes' : '**no**';
    lines.push(`| \`${read.name}\` | ${read.firstMs.toFixed(0)} | ${read.p50Ms.toFixed(0)} | ${read.p95Ms.toFixed(0)} | ${read.samples} | ${met} |`);
  }
  return lines.join('\n');
}

/** The console tables and the whole BENCHMARKS.md. */
export function benchmarksMarkdown(results: BenchResults, at: Date): { tables: string; markdown: string } {
  const { settings, shape, perRun, history, idle } = results;
  const figures = figuresTable(results);
  const reads = readsTable(results.reads);
  const lastRun = perRun[perRun.length - 1]!;
  const memoryLines = results.memory ? memoryReport(results.memory, settings.memoryCache, settings.memorySeconds) : [];
  const opens = results.openLatencies;
  const markdown = [
    '# Benchmarks', '',
    `Measured by \`npm run bench\` on ${at.toISOString()} (${results.minutes.toFixed(1)} min; 1-minute load average ${results.load.start.toFixed(1)} at the start, ${results.load.end.toFixed(1)} at the end, on 2 cores). ` +
      `Each run: ${settings.claims} happy-path claims on the empty database, ${settings.claims} on the database holding ${count(history.claims)} finished claims, ${settings.claims} bare workflows, ` +
      `${settings.webhooks} tracking webhooks and ${settings.webhooks} bare signals, concurrency ${settings.concurrency}; ${settings.runs} runs, median and min – max shown.`, '',
    '## Machine', '', ...machineDescription().map((line) => `- ${line}`), '',
    '## Results', '', figures, '',
    `## Reads with ${count(history.claims)} finished claims stored (${count(history.tasks)} tasks in them)`, '', reads, '',
    `- Over the API's HTTP port, one request at a time, the nine reads taking turns; each sample of \`/claims?mac=\`, \`/claims/:id\` and \`/track/:token\` reads another of 50 claims spread over the whole history. "First" is each read's first request (nothing remembered yet: the past months' and days' rollups are read from the database once per process); the percentiles are over the ${results.reads[0]?.samples ?? 0} after it.`,
    `- The database then held ${count(results.storedClaims)} claims (the history and the bench's own), ${count(opens.length + results.inProcessOpenLatencies.length + 1)} of them waiting for shipment with their pick-pack-ship task open (the \`POST /claims\` phase through both APIs and the API process's warm-up open, production policy), which \`/tasks\`, \`/board\` and \`?status=awaiting-shipment\` list.`, '',
    '## The seeded history', '',
    `- \`npm run seed:history\`'s logic (scripts/lib/history), into the at-size database before anything else: ${count(history.claims)} finished claims closing over the last ${settings.historyDays} days ` +
      `(${Object.entries(history.byStatus).map(([status, n]) => `${status} ${count(n)}`).join(', ')}) with ${count(history.tasks)} tasks, ${count(history.emails)} sent emails, ` +
      `${count(history.devices)} devices, ${count(history.units)} shipped units, ${count(history.listEntries)} list entries in ${count(history.lists)} lists, ${history.rollups.days} day and ${history.rollups.months} month rollups; ` +
      `${history.seconds.total.toFixed(0)} s (${history.claimsPerSecond.toFixed(0)} claims/s)${results.historyMb ? `, ${count(Math.round(results.historyMb))} MB in the database (dbStats)` : ''}.`,
    '- The fleets the bench drives (devices and grade-A units) are imported after it, as new stock arrives after a year of history.', '',
    '## FerretDB while no claim moves', '',
    `- ${idle.cpuPercent.toFixed(2)} % of one core over ${idle.seconds.toFixed(0)} s (utime + stime from /proc/<pid>/stat of the FerretDB process), with: the worker process (worker/main.ts) on the at-size database with its tracking poller every ${idle.pollIntervalMs / 1000} s, ` +
      `the bench's APIs and idle workers, and /metrics of the API and of the worker scraped every ${idle.scrapeEveryMs / 1000} s (${idle.scrapes} scrapes each).`,
    `- Requests FerretDB received per minute, by command (all clients, \`ferretdb_client_requests_total\`): ${listed(idle.requestsPerMinute)}.`,
    `- Of them, by command and collection: from the bench process's at-size API (its scrapes) ${listed(idle.apiCommandsPerMinute) || 'none'}; from the worker process (its scrapes and tracking poller; counted in the process by bench/command-census.ts) ${listed(idle.workerCommandsPerMinute) || 'none'}; \`hello\` is the drivers' server monitoring. The window starts after one scrape of each (a new process reads the past rollups once).`,
    `- While the bare workflows ran (no product work: both products idle), FerretDB used ${perRun.map((run) => run.ferretDuringBare.toFixed(1)).join(' → ')} % of a core, run by run.`, '',
    ...(memoryLines.length ? ['## Memory', '', ...memoryLines.map((line) => `- ${line}`), ''] : []),
    '## How it is measured', '',
    `- Everything runs on the bench's own embedded stack (Temporal CLI dev server + FerretDB on free ports in a temp dir), the Shippo sandbox with no latency and the SMTP sink. The product runs twice in the bench process, each with its own database, task queue, worker, API server and sandbox: "empty" (a database holding only what the bench opened) and "at size" (the seeded history); both workers load one prebuilt workflow bundle (with the production log interceptors), and the bare worker runs beside them on the same server.`,
    `- Happy path: open (client/claims.ts) → eligibility, reservation, two labels, emails → \`completeShipment\` update → TRANSIT and DELIVERED webhooks for the outbound leg and TRANSIT for the return (sandbox → API \`POST /webhooks/shippo\` over HTTP → read model → signal) → \`recordReturnReceipt\` update → closed. Policy compressed (\`dayLengthMs\` 2,000, \`shippingSla\` 60 s) so no reminder fires while the bench drives the steps. Each run drives the empty database, then the one at size, so both see the same machine.`,
    `- Bare floor (bench/bare-workflow.ts): the same number of activities as the measured happy-path history (${shape.activitiesBeforeHandOver} before the hand-over, ${shape.activitiesAfterHandOver} after) as no-ops, the same two updates and ${shape.signals} signals, driven the same way (status polled by query every 100 ms).`,
    `- History events: median of up to 10 claims per run (\`fetchHistory\`). Warm-up claim by type: ${Object.entries(shape.byType).sort((a, b) => b[1] - a[1]).map(([type, n]) => `${type} ${n}`).join(', ')}.`,
    `- Database round trips: \`commandStarted\` events of the bench's MongoClient (\`monitorCommands: true\`: activities + API/webhook) on each product's database during its product phase ÷ claims. Per claim, empty, last run: ${listed(lastRun.byCommand)}; by command and collection: ${listed(lastRun.byTarget)} (\`npm run census\` prints the same for claims driven one at a time, with the activities that send them).`,
    `- Database time per claim (sum of command durations seen by the driver, last run, top 8), empty: ${listed(Object.fromEntries(Object.entries(lastRun.dbMs.empty).sort((a, b) => b[1] - a[1]).slice(0, 8)))} ms; at size: ${listed(Object.fromEntries(Object.entries(lastRun.dbMs.atSize).sort((a, b) => b[1] - a[1]).slice(0, 8)))} ms.`,
    `- Run by run: empty ${perRun.map((run) => run.empty.toFixed(2)).join(' → ')} claims/s, at size ${perRun.map((run) => run.atSize.toFixed(2)).join(' → ')}, bare ${perRun.map((run) => run.bare.toFixed(2)).join(' → ')}/s.`,
    `- \`POST /claims\`: ${count(opens.length)} opens through the production API process (client/api/main.ts on the at-size database and queue, its own process as compose's \`api\` service; support key), in bursts of ${settings.openConcurrency} sent at once, each timed until the API answered 201; a burst's claims reach awaiting-shipment before the next burst. p50 ${percentile(opens, 0.5).toFixed(0)} ms, p95 ${percentile(opens, 0.95).toFixed(0)} ms, max ${spread(opens).max.toFixed(0)} ms. ` +
      `Taking turns with it burst by burst, ${count(results.inProcessOpenLatencies.length)} opens through the at-size API inside the bench process (sharing its event loop with both workers, the sandboxes and the driver; the only API until this figure was split): p50 ${percentile(results.inProcessOpenLatencies, 0.5).toFixed(0)} ms, p95 ${percentile(results.inProcessOpenLatencies, 0.95).toFixed(0)} ms. Then the floor: as many starts of a bare workflow that is done in its first task (no activity, no database, no HTTP), in the same bursts from the bench process, as \`POST /claims\` starts a claim (with the registry's answer, it answers at the start): p50 ${percentile(results.bareOpenLatencies, 0.5).toFixed(0)} ms, p95 ${percentile(results.bareOpenLatencies, 0.95).toFixed(0)} ms.`,
    `- Webhooks: claims handed over and waiting; each webhook is a new TRANSIT scan POSTed by the sandbox to the API; timed until the API answered 200 (signal accepted by the server). Bare: \`signal()\` to waiting bare workflows.`,
    '',
  ].join('\n');
  return { tables: [figures, '', reads, ...memoryLines].join('\n'), markdown };
}
