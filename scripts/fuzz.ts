/**
 * `npm run fuzz` (full) and `npx tsx scripts/fuzz.ts --short` (the short mode `npm test` runs): the API on its own
 * embedded stack (worker running, demo data seeded), attacked three ways.
 *  1. schemathesis (pinned, in .tools/) against the served OpenAPI document, past every authentication: the admin key,
 *     the webhook token, and a board session with its CSRF tokens (OpenAPI-aware auth); the stateful phase follows the
 *     document's links (open a claim → read, cancel, correct it…). Check: `not_a_server_error`. Full mode: FUZZ_EXAMPLES
 *     (100) examples per operation; short mode: FUZZ_SHORT_EXAMPLES (10); every phase either way.
 *  2. the raw probe (scripts/lib/raw-probe.ts) on every path of the document: malformed escapes, invalid UTF-8,
 *     overlong URLs and headers, unknown methods, path traversal, broken bodies.
 *  3. nothing accepted is lost: a claim opened before schemathesis is still readable afterwards (schemathesis holds
 *     the admin key and may cancel it), and a claim opened before the raw probe still progresses (its pick-pack-ship
 *     step is completed through the API).
 * Ends with `fuzz: N passed, N failed` over five checks (zero 5xx from schemathesis; every operation answered past
 * authentication at least once; zero 5xx from the raw probe; still serving; the claim); exit 1 when one failed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startBenchWorld, WEBHOOK_SECRET } from '../bench/world';
import { DEV_API_KEYS } from '../client/api/api-keys';
import { seedDatabase } from '../data/seed';
import { wholeNumberFromEnv } from './lib/env-number';
import { runMain, UserFacingError } from '../entry/errors';
import { pageVisitor } from './lib/page-visitor';
import { repoRoot } from './lib/paths';
import { runRawProbe } from './lib/raw-probe';
import { provisionSchemathesis } from './lib/schemathesis';
import { PAGE_ENTRY_OPERATIONS, schemathesisConfig, summariseHar, type FuzzedDocument } from './lib/schemathesis-run';

/** JSON from the API under test with the admin key (or `key`). */
async function api(baseUrl: string, method: string, route: string, body?: unknown, key: string = DEV_API_KEYS.admin) {
  const response = await fetch(`${baseUrl}${route}`, {
    method, headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined };
}

/** Polls the claim until `accept` holds (or `timeoutMs`); returns its last status. */
async function claimStatus(baseUrl: string, claimId: string, accept: (status: string) => boolean, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status = '';
  do {
    const read = await api(baseUrl, 'GET', `/claims/${claimId}`);
    status = read.status === 200 ? String(read.json?.status) : `HTTP ${read.status}`;
    if (accept(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 500));
  } while (Date.now() < deadline);
  return status;
}

runMain(async () => {
  const short = process.argv.includes('--short');
  const unknown = process.argv.slice(2).filter((arg) => arg !== '--short');
  if (unknown.length) throw new UserFacingError(`unknown argument ${unknown.join(' ')}; usage: npm run fuzz [-- --short]`);
  const examples = short ? wholeNumberFromEnv('FUZZ_SHORT_EXAMPLES', 10, 1) : wholeNumberFromEnv('FUZZ_EXAMPLES', 100, 1);
  const st = provisionSchemathesis((line) => console.log(line));
  console.log(`▶ fuzz (${short ? 'short' : 'full'} mode): starting the API on its own embedded stack`);
  const world = await startBenchWorld(() => undefined, { keepData: true });
  const checks: Array<[string, boolean]> = [];
  try {
    await seedDatabase(world.empty.db, new Date());
    // The bench world's API on the empty database: its PUBLIC_BASE_URL is its own address, so page forms pass the same-origin check.
    const baseUrl = world.empty.apiUrl;

    const trigger = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/claims/in-warranty.json'), 'utf8')) as Record<string, unknown>;
    const open = async (mac: string, when: string) => {
      const opened = await api(baseUrl, 'POST', '/claims', { ...trigger, mac }, DEV_API_KEYS.support);
      console.log(`▶ claim ${String(opened.json?.claimId)} opened ${when} (${opened.status})`);
      return String(opened.json?.claimId);
    };
    // The seeded in-warranty devices; schemathesis holds the admin key and may legitimately cancel the first claim
    // (it finds claim ids in the responses it reads), so the one that must progress is opened after it, before the probe.
    const beforeSchemathesis = await open('805e.c01a.0001', 'before schemathesis');

    const visitor = pageVisitor(baseUrl);
    await visitor.get('/board/login');
    const anonymousToken = visitor.csrf();
    if ((await visitor.logIn(DEV_API_KEYS.admin)) !== 303) throw new UserFacingError('fuzz: the board login failed');
    await visitor.get('/board');
    const credentials = {
      origin: baseUrl, adminKey: DEV_API_KEYS.admin, webhookToken: WEBHOOK_SECRET,
      sessionCookie: visitor.cookie('rf_session')!, csrfCookie: visitor.cookie('rf_csrf')!, examples,
    };
    const schema = `${baseUrl}/openapi.json`;
    console.log(`▶ schemathesis: ${schema}, ${examples} examples per operation, admin key, webhook token, board session`);
    const runs = [
      { name: 'operations', token: visitor.csrf(), filter: PAGE_ENTRY_OPERATIONS.flatMap((id) => ['--exclude-operation-id', id]) },
      // No links lead to or from the login and logout forms: no stateful phase for them.
      { name: 'page-entry', token: anonymousToken, filter: [...PAGE_ENTRY_OPERATIONS.flatMap((id) => ['--include-operation-id', id]), '--phases', 'examples,coverage,fuzzing'] },
    ];
    const exits: Array<number | string> = [];
    const hars: string[] = [];
    for (const run of runs) {
      const configFile = path.join(world.dataDir, `schemathesis-${run.name}.toml`);
      fs.writeFileSync(configFile, schemathesisConfig({ ...credentials, csrfToken: run.token }));
      const reportDir = path.join(world.dataDir, `schemathesis-${run.name}`);
      // Asynchronous: the API under test runs in this process, so the event loop must keep serving it.
      // Its console report goes to a file: its pytest-style banners would read as a test runner's closing line in CI.
      const logFile = path.join(world.dataDir, `schemathesis-${run.name}.log`);
      console.log(`▶ schemathesis ${run.name}: report in ${logFile}`);
      const log = fs.openSync(logFile, 'w');
      const child = spawn(st, ['--config-file', configFile, 'run', schema, '--url', baseUrl, ...run.filter, '--report', 'junit,har', '--report-dir', reportDir], { stdio: ['ignore', log, log] });
      exits.push(await new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? String(signal)))));
      fs.closeSync(log);
      if (exits.at(-1) !== 0) console.log(fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n').replace(/^=+ (.*) =+$/gm, '$1'));
      const har = fs.existsSync(reportDir) ? fs.readdirSync(reportDir).find((file) => file.startsWith('har')) : undefined;
      if (!har) throw new UserFacingError(`fuzz: schemathesis wrote no HAR report in ${reportDir} (exit ${exits.at(-1)})`);
      hars.push(fs.readFileSync(path.join(reportDir, har), 'utf8'));
    }
    const document = (await (await fetch(schema)).json()) as FuzzedDocument;
    const summary = summariseHar(hars, document, ['GET /openapi.json']);
    console.log(`fuzz: schemathesis exited ${exits.join(', ')}: ${summary.operations} of ${summary.documented} operations, ${summary.cases} requests, ${summary.serverErrors} with a 5xx`);
    checks.push(['schemathesis: no 5xx', exits.every((exit) => exit === 0) && summary.serverErrors === 0]);
    if (summary.notPastAuthentication.length) console.log(`✖ answered only 401/403: ${summary.notPastAuthentication.join(', ')}`);
    checks.push([`every operation (${summary.operations}) answered past authentication`, summary.notPastAuthentication.length === 0 && summary.operations === summary.documented]);

    const beforeProbe = await open('805e.c01a.0003', 'before the raw probe');
    console.log('▶ raw probe: malformed escapes, invalid UTF-8, overlong URLs and headers, unknown methods, traversal, broken bodies');
    const probe = await runRawProbe(baseUrl, document);
    console.log(`fuzz: raw probe sent ${probe.requests} requests: ${Object.entries(probe.byClass).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    for (const failure of probe.failures.slice(0, 20)) console.log(`✖ ${failure}`);
    checks.push(['raw probe: no 5xx, every request answered', probe.failures.length === 0]);
    checks.push(['still serving after the probe', probe.servingAfterwards]);

    const first = await claimStatus(baseUrl, beforeSchemathesis, () => true);
    const ready = await claimStatus(baseUrl, beforeProbe, (status) => status === 'awaiting-shipment');
    const shipped = ready === 'awaiting-shipment'
      ? await api(baseUrl, 'POST', `/claims/${beforeProbe}/shipment`, { replacementMac: '0015.65ab.f001', serial: 'SN-FUZZ-1' }, DEV_API_KEYS.shipping) : undefined;
    const after = await claimStatus(baseUrl, beforeProbe, (status) => status === 'shipped', 30_000);
    console.log(`fuzz: claim ${beforeSchemathesis} (before schemathesis) reads ${first}; claim ${beforeProbe} (before the probe) ${ready}, then shipment ${shipped?.status ?? 'not sent'} → ${after}`);
    checks.push(['the claims opened before are readable, and the one opened before the probe progresses', !first.startsWith('HTTP') && after === 'shipped']);
  } finally {
    await world.stop();
  }
  for (const [name, ok] of checks) console.log(`${ok ? '✔' : '✖'} ${name}`);
  const failed = checks.filter(([, ok]) => !ok).length;
  console.log(`fuzz: API log and schemathesis report in ${world.dataDir}`);
  console.log(`fuzz: ${checks.length - failed} passed, ${failed} failed`);
  process.exit(failed > 0 || checks.length < 5 ? 1 : 0);
});
