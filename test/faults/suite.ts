/**
 * The fault-injection suite: claims run while the worker process is SIGKILLed at random moments and restarted, the
 * carrier sandbox fails ~30 % of calls (429, 500, or commit-then-drop), FerretDB is restarted and the file-backed
 * Temporal dev server is restarted. The sandbox, SMTP sink, API/webhook and claim drivers live in this process.
 */
import { Client, Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pool } from '../../bench/drive';
import { seedFleet } from '../../bench/fleet';
import { writeWorkflowBundle } from '../../bench/memory';
import { createApiServer } from '../../client/api/server';
import { loadConfig } from '../../config/env';
import { startShippoSandbox } from '../../sandbox/shippo/server';
import { readMailbox } from '../../sandbox/smtp/mailbox';
import { startSmtpSink } from '../../sandbox/smtp/sink';
import { checkClaims, type ClaimVerdict } from './checks';
import { driveClaim, type DrivenClaim, type Scenario } from './driver';
import { startFaultServers, type FaultServers } from './servers';
import { superviseWorker } from './worker-process';

/** Suite size and pacing. */
export interface FaultSuiteOptions {
  claims: number;
  concurrency: number;
  /** Give up on claims not terminal after this long (ms). */
  timeLimitMs: number;
  /** Faults are injected during this first part of the run (ms); then the claims may finish in calm. */
  chaosMs: number;
  /** Restart FerretDB and the Temporal server every this many ms (alternating), first after half of it. */
  serverRestartEveryMs: number;
  log: (line: string) => void;
}

/** What happened: verdicts and the faults injected. */
export interface FaultSuiteResult {
  verdicts: ClaimVerdict[];
  unconfirmedEmails: number;
  injected: { workerKills: number; ferretRestarts: number; temporalRestarts: number; sandboxFaults: string };
  seconds: number;
}

const WEBHOOK_SECRET = 'faults-webhook-secret-0123456789';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const scenarioOf = (index: number): Scenario => (index % 5 === 0 ? 'cancelled' : index % 5 === 1 ? 'unreturned' : 'returned');

/** Runs the suite on a fresh world in a temp dir and tears it down. */
export async function runFaultSuite(options: FaultSuiteOptions): Promise<FaultSuiteResult> {
  const started = Date.now();
  const { log } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-faults-'));
  log(`data and logs in ${dataDir}`);
  const servers: FaultServers = await startFaultServers(dataDir);
  const mongo = new MongoClient(servers.mongoUri, { serverSelectionTimeoutMS: 60_000 });
  const sandbox = await startShippoSandbox();
  const sink = await startSmtpSink({ dir: path.join(dataDir, 'mail') });
  const connection = await Connection.connect({ address: servers.temporalAddress });
  const client = new Client({ connection });
  const stops: Array<() => Promise<unknown>> = [() => servers.stopAll(), () => mongo.close(), () => sandbox.close(), () => sink.close(), () => connection.close()];
  try {
    const db = mongo.db('faults');
    const macs = await seedFleet(db, 0x60, options.claims);
    const config = loadConfig({ LOG_LEVEL: 'warn', PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000', SHIPPO_WEBHOOK_SECRET: WEBHOOK_SECRET });
    const api = await createApiServer({ config, db, temporal: client, taskQueue: 'faults', logStream: fs.createWriteStream(path.join(dataDir, 'logs', 'api.log')) });
    await api.listen({ port: 0, host: '127.0.0.1' });
    stops.unshift(() => api.close());
    sandbox.setWebhookUrl(`http://127.0.0.1:${(api.server.address() as { port: number }).port}/webhooks/shippo?token=${WEBHOOK_SECRET}`);

    log('bundling the workflows once (the worker restarts without webpack)');
    const bundle = await writeWorkflowBundle(dataDir);
    const worker = superviseWorker({
      TEMPORAL_ADDRESS: servers.temporalAddress, MONGODB_URI: servers.mongoUri, MONGODB_DB: 'faults', TEMPORAL_TASK_QUEUE: 'faults',
      SHIPPO_BASE_URL: sandbox.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), WORKER_OPS_PORT: '0',
      TEMPORAL_METRICS_BIND_ADDRESS: 'off', WORKFLOW_BUNDLE_PATH: bundle, LOG_LEVEL: 'warn', WORKER_SHUTDOWN_GRACE_MS: '1000',
      // The sandbox answers at once: a short settle window keeps unknown-outcome purchases from eating the time budget.
      CARRIER_PURCHASE_SETTLE_MS: '35000', TRACKING_POLL_INTERVAL_MS: '3000', TRACKING_STALE_AFTER_MS: '10000',
    }, path.join(dataDir, 'logs', 'worker.log'));
    stops.unshift(() => worker.stop());

    const chances = { rate429: 0.1, rate500: 0.1, dropAfterCommit: 0.1 };
    sandbox.setFaults({ chance: chances, retryAfterSeconds: 1 });
    const injected = { workerKills: 0, ferretRestarts: 0, temporalRestarts: 0, sandboxFaults: `429 ${chances.rate429 * 100} %, 500 ${chances.rate500 * 100} %, commit-then-drop ${chances.dropAfterCommit * 100} % of calls` };
    const claims: DrivenClaim[] = macs.map((mac, index) => ({ index, mac, scenario: scenarioOf(index), workflowId: '' }));
    const deadline = Date.now() + options.timeLimitMs;
    let driving = true;
    const chaosEnds = Date.now() + options.chaosMs;
    const chaos = (async () => {
      let nextServerRestart = Date.now() + options.serverRestartEveryMs / 2;
      let restartFerret = true;
      while (driving) {
        await sleep(6_000 + Math.random() * 8_000);
        if (!driving || Date.now() > chaosEnds) break;
        if (Date.now() >= nextServerRestart) {
          const server = restartFerret ? servers.ferretdb : servers.temporal;
          log(`restarting ${server.name}`);
          await server.restart();
          if (restartFerret) injected.ferretRestarts += 1;
          else injected.temporalRestarts += 1;
          restartFerret = !restartFerret;
          nextServerRestart = Date.now() + options.serverRestartEveryMs / 2;
        } else {
          worker.kill();
          injected.workerKills += 1;
        }
      }
    })();
    let finished = 0;
    const progress = setInterval(() => log(`${finished}/${claims.length} claims terminal; worker kills ${injected.workerKills}, FerretDB restarts ${injected.ferretRestarts}, Temporal restarts ${injected.temporalRestarts}`), 15_000);
    const calm = chaos.then(() => {
      sandbox.setFaults({});
      log('chaos over: no more faults; the claims finish in calm');
    });
    try {
      await pool(claims, options.concurrency, async (claim) => {
        await driveClaim(client, sandbox, claim, deadline);
        finished += 1;
      });
    } finally {
      driving = false;
      clearInterval(progress);
      await calm;
    }
    log(`all claims driven; checking (faults stopped)`);
    const { verdicts, unconfirmedEmails } = await checkClaims(claims, { db, labels: sandbox.labels(), refunds: sandbox.refunds(), mails: await readMailbox(sink.dir) });
    return { verdicts, unconfirmedEmails, injected, seconds: (Date.now() - started) / 1000 };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

