/** `tsx client/api/main.ts`: the API server on its own, against the configured Temporal and MongoDB. */
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../config/env';
import { connectTemporal } from '../connection';
import { DEV_API_KEYS } from './api-keys';
import { apiKeysOf, createApiServer } from './server';

/** Starts the server from the environment; stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const mongo = await MongoClient.connect(config.MONGODB_URI, { serverSelectionTimeoutMS: 30_000 });
  const temporal = await connectTemporal(config);
  const app = await createApiServer({ config, db: mongo.db(config.MONGODB_DB), temporal, taskQueue: config.TEMPORAL_TASK_QUEUE });
  await app.listen({ port: config.API_PORT, host: '127.0.0.1' });
  if (apiKeysOf(config).devKeys) app.log.warn({ devKeys: DEV_API_KEYS }, 'API_KEYS is not set: using the documented dev keys');
  const stop = () => {
    void app.close().then(() => Promise.all([mongo.close(), temporal.connection.close()])).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
