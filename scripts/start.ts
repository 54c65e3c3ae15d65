/**
 * `npm start`: the whole product on embedded defaults, in one terminal. Starts the Temporal dev server and
 * FerretDB (file-backed, under .data/), the Shippo sandbox (with its admin route for `rf sandbox`) and the SMTP sink,
 * seeds demo data, and runs the worker (ops server on WORKER_OPS_PORT) and the API. Every output line is one JSON
 * object (pino; Temporal's SDK and the workflow bundler log through it too). Ctrl-C (or SIGTERM) drains the worker
 * and stops every server it started.
 */
import { NativeConnection } from '@temporalio/worker';
import path from 'node:path';
import { createActivities } from '../activities';
import { DEV_API_KEYS } from '../client/api/api-keys';
import { apiKeysOf, createApiServer } from '../client/api/server';
import { connectTemporal } from '../client/connection';
import { ConfigError, loadConfig } from '../config/env';
import { seedDatabase } from '../data/seed';
import { createCarrierHealth } from '../observability/carrier-health';
import { mongoCheck, temporalCheck } from '../observability/health';
import { createLogger } from '../observability/logger';
import { meteredCarrier } from '../observability/metered-carrier';
import { createProductMetrics, registerClaimsByStatus } from '../observability/metrics';
import { startShippoSandbox } from '../sandbox/shippo/server';
import { startSmtpSink } from '../sandbox/smtp/sink';
import { createClaimWorker } from '../worker/create-worker';
import { buildDependencies } from '../worker/dependencies';
import { startOpsServer } from '../worker/ops-server';
import { installTemporalRuntime } from '../worker/runtime';
import { startTrackingPoller } from '../worker/tracking-poller';
import { UserFacingError } from './lib/errors';
import { dataDir } from './lib/paths';
import { assertPortFree } from './lib/ports';
import { startEmbeddedStack } from './lib/stack';

function portFromEnv(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserFacingError(`${variable}: must be a port number 1–65535, got '${raw}'`);
  return port;
}

/** The settings as given (a bad one, e.g. a policy value, stops start-up before any server starts). */
function settingsOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    throw error instanceof ConfigError ? new UserFacingError(error.message) : error;
  }
}

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const wantedLevel = levels.find((level) => level === process.env.LOG_LEVEL) ?? 'info'; // a bad LOG_LEVEL is reported by loadConfig
const logger = createLogger({ service: 'start', level: wantedLevel });

async function main(): Promise<void> {
  const settings = settingsOrExit();
  const ports = {
    temporal: portFromEnv('TEMPORAL_PORT', 7233),
    temporalUi: portFromEnv('TEMPORAL_UI_PORT', 8233),
    ferretdb: portFromEnv('FERRETDB_PORT', 27017),
    sandbox: portFromEnv('SHIPPO_SANDBOX_PORT', 8091),
    smtp: portFromEnv('SMTP_SINK_PORT', 2525),
  };
  const useSandbox = !process.env.SHIPPO_API_TOKEN;
  if (useSandbox) await assertPortFree(ports.sandbox, 'the Shippo sandbox', 'SHIPPO_SANDBOX_PORT');
  if (!process.env.SMTP_HOST) await assertPortFree(ports.smtp, 'the SMTP sink', 'SMTP_SINK_PORT');
  const apiPort = portFromEnv('API_PORT', 8080);
  await assertPortFree(apiPort, 'the API server', 'API_PORT');
  if (settings.WORKER_OPS_PORT !== 0) await assertPortFree(settings.WORKER_OPS_PORT, 'the worker ops server', 'WORKER_OPS_PORT');
  // Temporal's SDK logs (the workflow bundler's included) go through the same JSON logger from here on.
  installTemporalRuntime({ ...settings, TEMPORAL_METRICS_BIND_ADDRESS: 'off' }, logger);

  logger.info('starting the embedded stack');
  const stack = await startEmbeddedStack({ dataDir, ports, log: (line) => logger.info(line) });
  const cleanups: Array<() => Promise<void>> = [() => stack.stop()];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => logger.error({ error: String(error) }, 'stopping failed'));
  };
  try {
    const mailDir = path.join(dataDir, 'mail');
    if (!process.env.SMTP_HOST) {
      const sink = await startSmtpSink({ port: ports.smtp, dir: mailDir });
      cleanups.push(() => sink.close());
    }
    const sandbox = useSandbox ? await startShippoSandbox({ port: ports.sandbox, admin: true }) : undefined; // admin: `rf sandbox`
    if (sandbox) cleanups.push(() => sandbox.close());

    const config = loadConfig({
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      MONGODB_URI: stack.mongoUri,
      SMTP_PORT: process.env.SMTP_HOST ? process.env.SMTP_PORT : String(ports.smtp),
      ...(sandbox ? { SHIPPO_BASE_URL: sandbox.url } : {}),
      API_PORT: String(apiPort),
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${apiPort}`,
    });
    const deps = await buildDependencies(config);
    cleanups.push(() => deps.close());
    const seeded = await seedDatabase(deps.db, new Date());
    const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    cleanups.push(() => connection.close());
    logger.info('bundling workflows and starting the worker');
    const metrics = createProductMetrics('worker');
    registerClaimsByStatus(metrics, deps.db);
    const carrierHealth = createCarrierHealth();
    const carrier = meteredCarrier(deps.carrier, metrics, { health: carrierHealth, logger });
    const worker = await createClaimWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: createActivities({ ...deps, carrier }),
    });
    const temporalClient = await connectTemporal(config);
    cleanups.push(() => temporalClient.connection.close());
    const ops = config.WORKER_OPS_PORT === 0 ? undefined : await startOpsServer({
      host: '127.0.0.1', port: config.WORKER_OPS_PORT, metrics, isShuttingDown: () => worker.getState() !== 'RUNNING',
      checks: { mongodb: mongoCheck(deps.mongo), temporal: temporalCheck(temporalClient.connection), carrier: carrierHealth.check },
    });
    if (ops) cleanups.push(() => ops.close());
    const api = await createApiServer({ config, db: deps.db, temporal: temporalClient, taskQueue: config.TEMPORAL_TASK_QUEUE });
    await api.listen({ port: apiPort, host: '127.0.0.1' });
    cleanups.push(() => api.close());
    sandbox?.setWebhookUrl(`http://127.0.0.1:${apiPort}/webhooks/shippo?token=${encodeURIComponent(config.SHIPPO_WEBHOOK_SECRET)}`);
    const stopTrackingPoller = await startTrackingPoller({ config, db: deps.db, carrier, logger: createLogger({ service: 'tracking-poller', level: config.LOG_LEVEL }) });
    cleanups.push(stopTrackingPoller);
    const devKeys = apiKeysOf(config).devKeys;
    // Stay subscribed: a terminal, npm and tsx may each deliver the same Ctrl-C; later copies must not kill us mid-drain.
    const shutdown = () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);

    const api$ = `http://127.0.0.1:${apiPort}`;
    logger.info({
      temporal: `${stack.temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE})`,
      temporalUi: stack.temporalUiUrl ?? '(external server)',
      mongodb: `${stack.mongoUri}${config.MONGODB_DB}`,
      seeded,
      carrier: sandbox ? `Shippo sandbox ${sandbox.url} (play the carrier: npx rf sandbox scan <claim> transit|delivered|return-transit)` : 'Shippo (SHIPPO_API_TOKEN)',
      email: process.env.SMTP_HOST ? `SMTP ${process.env.SMTP_HOST}` : `SMTP sink 127.0.0.1:${ports.smtp} → ${mailDir} (read: npx tsx scripts/mail.ts list)`,
      api: api$, docs: `${api$}/docs`, openApi: `${api$}/openapi.json`, board: `${api$}/board (log in with the shipping key)`,
      workerOps: ops ? `${ops.url}/metrics, /healthz, /readyz` : '(off: WORKER_OPS_PORT=0)',
      apiKeys: devKeys ? { note: 'DEV KEYS (API_KEYS unset; never in production)', ...DEV_API_KEYS } : 'from API_KEYS',
      openAClaim: `RF_API_KEY=${devKeys ? DEV_API_KEYS.support : '<support key>'} npx rf open --file test/fixtures/claims/in-warranty.json`,
    }, 'replacement-fulfilment is running (Ctrl-C stops everything)');
    await worker.run();
  } finally {
    logger.info('stopping');
    await stopAll();
    logger.info('stopped');
  }
}

main().catch((error: unknown) => {
  // One JSON line at fatal level, the message alone for a problem the user can fix (no stack trace).
  if (error instanceof UserFacingError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'npm start failed');
  logger.flush?.();
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 200).unref();
});
