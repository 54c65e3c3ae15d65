/**
 * The API server's one entry point (the container's `api` command; `npx tsx client/api/main.ts` on its own): binds
 * BIND_HOST:API_PORT, logs JSON, and on SIGTERM stops accepting connections and lets in-flight requests finish
 * (fastify close) within SHUTDOWN_TIMEOUT_MS.
 */
import { MongoClient } from 'mongodb';
import { DEV_API_KEYS } from './api-keys';
import { apiKeysOf, createApiServer } from './server';
import { connectTemporal } from '../connection';
import { loadConfig, redactedConfig } from '../../config/env';
import { createLogger } from '../../observability/logger';
import { startTracing } from '../../observability/tracing';
import { runMain } from '../../entry/errors';
import { onTerminationSignal } from '../../entry/graceful-shutdown';

runMain(async () => {
  const config = loadConfig(); // a ConfigError is a UserFacingError: runMain prints its problems and exits 1
  const logger = createLogger({ service: 'api', level: config.LOG_LEVEL });
  logger.info({ config: redactedConfig(config) }, 'api starting');
  const mongo = await MongoClient.connect(config.MONGODB_URI, { serverSelectionTimeoutMS: 30_000 });
  const tracing = startTracing(config, 'api', logger); // spans of the Temporal calls (claim start, updates, queries) when configured
  if (tracing) logger.info({ tracesUrl: tracing.tracesUrl, serviceName: tracing.serviceName }, 'tracing on');
  const temporal = await connectTemporal(config, { interceptors: tracing?.clientInterceptors });
  const app = await createApiServer({ config, db: mongo.db(config.MONGODB_DB), temporal, taskQueue: config.TEMPORAL_TASK_QUEUE });
  onTerminationSignal({
    logger,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    stop: async () => {
      await app.close();
      await Promise.all([mongo.close(), temporal.connection.close()]);
      await tracing?.shutdown(); // exports the spans still buffered
      logger.info('api stopped');
      process.exit(0);
    },
  });
  await app.listen({ host: config.BIND_HOST, port: config.API_PORT });
  logger.info({ host: config.BIND_HOST, port: config.API_PORT }, 'api listening');
  if (apiKeysOf(config).devKeys) logger.warn({ devKeys: DEV_API_KEYS }, 'API_KEYS is not set: using the documented dev keys');
});
