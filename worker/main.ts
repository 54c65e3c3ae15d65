/**
 * The worker process: `npm run worker` (and the container's command). Polls the claims task queue until
 * SIGTERM/SIGINT, then stops polling, lets in-flight activities finish (WORKER_SHUTDOWN_GRACE_MS), closes its
 * connections and exits, all within SHUTDOWN_TIMEOUT_MS. Logs are JSON lines (pino); /metrics, /healthz and /readyz
 * are served on WORKER_OPS_PORT. With OTEL_EXPORTER_OTLP_ENDPOINT set, workflow and activity spans go there (OTLP/HTTP).
 */
import fs from 'node:fs';
import { createActivities } from '../activities';
import { loadConfig, redactedConfig } from '../config/env';
import { mongoCheck, temporalCheck } from '../observability/health';
import { instrumentActivities } from '../activities/instrumented';
import { createLogger } from '../observability/logger';
import { createCarrierHealth } from '../observability/carrier-health';
import { meteredCarrier } from '../observability/metered-carrier';
import { createProductMetrics, registerClaimsByStatus } from '../observability/metrics';
import { startTracing } from '../observability/tracing';
import { runMain } from '../entry/errors';
import { createClaimWorker, prebuiltBundlePath } from './create-worker';
import { buildDependencies } from './dependencies';
import { onTerminationSignal } from '../entry/graceful-shutdown';
import { startOpsServer } from './ops-server';
import { installTemporalRuntime } from './runtime';
import { connectWorkerToTemporal } from './temporal-connection';
import { startTrackingPoller } from './tracking-poller';
import { workflowSourceOptions } from './workflow-source';


runMain(async () => {
  const config = loadConfig();
  const logger = createLogger({ service: 'worker', level: config.LOG_LEVEL });
  logger.info({ config: redactedConfig(config) }, 'worker starting');
  installTemporalRuntime(config, logger);
  const tracing = startTracing(config, 'worker', logger);
  if (tracing) logger.info({ tracesUrl: tracing.tracesUrl, serviceName: tracing.serviceName }, 'tracing on');
  const workflowSource = workflowSourceOptions(config.WORKFLOW_BUNDLE_PATH, tracing !== undefined);
  const bypassedBundle = config.WORKFLOW_BUNDLE_PATH ?? (fs.existsSync(prebuiltBundlePath) ? prebuiltBundlePath : undefined);
  if (tracing && bypassedBundle && !workflowSource.workflowBundle) {
    logger.warn({ bundle: bypassedBundle }, 'workflow bundle has no tracing interceptors: bundling the workflows at start');
  }
  const metrics = createProductMetrics('worker');
  const deps = await buildDependencies(config);
  registerClaimsByStatus(metrics, deps.db);
  const connection = await connectWorkerToTemporal(config);
  const carrierHealth = createCarrierHealth();
  const carrier = meteredCarrier(deps.carrier, metrics, { health: carrierHealth, logger });
  const activities = createActivities({ ...deps, carrier, labelPurchaseSettleMs: config.CARRIER_PURCHASE_SETTLE_MS });
  const worker = await createClaimWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities: instrumentActivities(activities, metrics),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    nonStickyToStickyPollRatio: config.WORKER_NON_STICKY_POLL_RATIO,
    tracing,
    overrides: {
      shutdownGraceTime: config.WORKER_SHUTDOWN_GRACE_MS,
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      ...workflowSource,
    },
  });
  const lifecycle = { shuttingDown: false };
  const ops = config.WORKER_OPS_PORT === 0 ? undefined : await startOpsServer({
    host: config.BIND_HOST,
    port: config.WORKER_OPS_PORT,
    metrics,
    isShuttingDown: () => lifecycle.shuttingDown,
    coreMetricsAddress: config.TEMPORAL_METRICS_BIND_ADDRESS === 'off' ? undefined : config.TEMPORAL_METRICS_BIND_ADDRESS,
    checks: {
      mongodb: mongoCheck(deps.mongo),
      temporal: temporalCheck(connection),
      worker: async () => {
        if (worker.getState() !== 'RUNNING') throw new Error(`worker is ${worker.getState()}`);
      },
      carrier: carrierHealth.check,
    },
  });
  const stopTrackingPoller = await startTrackingPoller({ config, db: deps.db, carrier, logger });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS, ops: ops?.url }, 'worker polling');
  const stopped = (async () => {
    try {
      await worker.run(); // resolves once shutdown() drained the in-flight tasks
    } finally {
      await stopTrackingPoller();
      await ops?.close();
      await connection.close();
      deps.mailer.close();
      await deps.close();
      await tracing?.shutdown(); // exports the spans still buffered
      logger.info('worker stopped');
    }
  })();
  onTerminationSignal({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    stop: async () => {
      lifecycle.shuttingDown = true; // /readyz answers 503 from now on
      if (worker.getState() === 'RUNNING') worker.shutdown(); // stop polling; in-flight tasks get WORKER_SHUTDOWN_GRACE_MS
      await stopped; // drained and closed: the deadline covers all of it
    },
  });
  await stopped;
});
