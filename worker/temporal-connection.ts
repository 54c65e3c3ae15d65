/** The worker's connection to Temporal: a cluster, or Temporal Cloud with mTLS (cert/key) or an API key. */
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import fs from 'node:fs';
import type { AppConfig } from '../config/env';

/** Connection options from the configuration (same rules as `client/connection.ts`). */
export function nativeConnectionOptions(config: AppConfig): NativeConnectionOptions {
  const tls = config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
    ? { clientCertPair: { crt: fs.readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: fs.readFileSync(config.TEMPORAL_TLS_KEY_PATH) } }
    : undefined;
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY, tls: tls ?? true } : tls ? { tls } : {}),
  };
}

/** Connects the worker to the configured Temporal frontend. */
export function connectWorkerToTemporal(config: AppConfig): Promise<NativeConnection> {
  return NativeConnection.connect(nativeConnectionOptions(config));
}
