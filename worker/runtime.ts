/** Installs Temporal's Runtime once per process: SDK/workflow/activity logs into pino, Core metrics to Prometheus. */
import { Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env';
import { temporalLogger } from '../observability/logger';

const coreLevels = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR' } as const;

/**
 * Routes every Temporal log (SDK, `workflow.log` with workflowId/runId, `Context.current().log` with activity info,
 * and Core's native logs) through `logger`, and starts Core's Prometheus exporter unless it is `off`.
 * Signals are handled by the worker entry point (`shutdownSignals: []`), which drains in its own order.
 */
export function installTemporalRuntime(config: AppConfig, logger: Logger): Runtime {
  const metrics = config.TEMPORAL_METRICS_BIND_ADDRESS === 'off'
    ? {}
    : { metrics: { prometheus: { bindAddress: config.TEMPORAL_METRICS_BIND_ADDRESS, countersTotalSuffix: true } } };
  return Runtime.install({
    logger: temporalLogger(logger.child({ component: 'temporal' })),
    shutdownSignals: [],
    telemetryOptions: {
      logging: { filter: { core: coreLevels[config.LOG_LEVEL] === 'TRACE' ? 'DEBUG' : 'WARN', other: 'ERROR' }, forward: {} },
      ...metrics,
    },
  });
}
