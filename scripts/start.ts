/**
 * `npm start`: the whole product on embedded defaults, in one terminal. Starts the Temporal dev server and
 * FerretDB (file-backed, under .data/), the Shippo sandbox and the SMTP sink, seeds demo data, and runs the
 * worker. Ctrl-C (or SIGTERM) drains the worker and stops every server it started.
 */
import { NativeConnection } from '@temporalio/worker';
import path from 'node:path';
import { createActivities } from '../activities';
import { DEV_API_KEYS } from '../client/api/api-keys';
import { apiKeysOf, createApiServer } from '../client/api/server';
import { connectTemporal } from '../client/connection';
import { loadConfig } from '../config/env';
import { seedDatabase } from '../data/seed';
import { startShippoSandbox } from '../sandbox/shippo/server';
import { startSmtpSink } from '../sandbox/smtp/sink';
import { createClaimWorker } from '../worker/create-worker';
import { buildDependencies } from '../worker/dependencies';
import { startTrackingPoller } from '../worker/tracking-poller';
import { createLogger } from '../observability/logger';
import { runMain, UserFacingError } from './lib/errors';
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

runMain(async () => {
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

  console.log('▶ starting the embedded stack');
  const stack = await startEmbeddedStack({ dataDir, ports });
  const cleanups: Array<() => Promise<void>> = [() => stack.stop()];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error(error));
  };
  try {
    const mailDir = path.join(dataDir, 'mail');
    if (!process.env.SMTP_HOST) {
      const sink = await startSmtpSink({ port: ports.smtp, dir: mailDir });
      cleanups.push(() => sink.close());
    }
    const sandbox = useSandbox ? await startShippoSandbox({ port: ports.sandbox, admin: true }) : undefined; // admin: rf sandbox
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
    console.log('▶ bundling workflows and starting the worker');
    const worker = await createClaimWorker({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: createActivities(deps),
    });
    const temporalClient = await connectTemporal(config);
    cleanups.push(() => temporalClient.connection.close());
    const api = await createApiServer({ config, db: deps.db, temporal: temporalClient, taskQueue: config.TEMPORAL_TASK_QUEUE });
    await api.listen({ port: apiPort, host: '127.0.0.1' });
    cleanups.push(() => api.close());
    sandbox?.setWebhookUrl(`http://127.0.0.1:${apiPort}/webhooks/shippo?token=${encodeURIComponent(config.SHIPPO_WEBHOOK_SECRET)}`);
    const stopTrackingPoller = await startTrackingPoller({ config, db: deps.db, carrier: deps.carrier, logger: createLogger({ service: 'tracking-poller', level: config.LOG_LEVEL }) });
    cleanups.push(stopTrackingPoller);
    const devKeys = apiKeysOf(config).devKeys;
    // Stay subscribed: a terminal, npm and tsx may each deliver the same Ctrl-C; later copies must not kill us mid-drain.
    const shutdown = () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);

    console.log(`
✔ replacement-fulfilment is running (Ctrl-C stops everything)
  Temporal         ${stack.temporalAddress}   namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}
  Temporal UI      ${stack.temporalUiUrl ?? '(external server)'}
  MongoDB (wire)   ${stack.mongoUri}${config.MONGODB_DB}   seeded: ${JSON.stringify(seeded)}
  Carrier          ${sandbox ? `Shippo sandbox ${sandbox.url}` : 'Shippo (SHIPPO_API_TOKEN)'}
  Email            ${process.env.SMTP_HOST ? `SMTP ${process.env.SMTP_HOST}` : `SMTP sink 127.0.0.1:${ports.smtp} → ${mailDir} (read: npx tsx scripts/mail.ts list)`}
  API              http://127.0.0.1:${apiPort}   docs http://127.0.0.1:${apiPort}/docs   OpenAPI /openapi.json
  Shipping board   http://127.0.0.1:${apiPort}/board   (log in with the shipping key)
  API keys         ${devKeys ? `DEV KEYS (API_KEYS unset; never in production): ${Object.entries(DEV_API_KEYS).map(([role, key]) => `${role}=${key}`).join('  ')}` : 'from API_KEYS'}
  Open a claim     RF_API_KEY=${devKeys ? DEV_API_KEYS.support : '<support key>'} npx rf open --file test/fixtures/claims/in-warranty.json
`);
    await worker.run();
  } finally {
    console.log('▶ stopping');
    await stopAll();
    console.log('✔ stopped');
  }
});
