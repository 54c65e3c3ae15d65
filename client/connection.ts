/** A Temporal client from the configuration (address, namespace, API key or mTLS for Temporal Cloud). */
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import fs from 'node:fs';
import type { AppConfig } from '../config/env';

/** Options of `connectTemporal`. */
export interface ConnectTemporalOptions {
  /** Client interceptors, e.g. `startTracing(config, 'api')?.clientInterceptors` (OpenTelemetry). */
  interceptors?: ClientInterceptors;
}

/** Connects to the configured Temporal frontend. */
export async function connectTemporal(config: AppConfig, options: ConnectTemporalOptions = {}): Promise<Client> {
  const tls = config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
    ? { clientCertPair: { crt: fs.readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: fs.readFileSync(config.TEMPORAL_TLS_KEY_PATH) } }
    : undefined;
  const connection = await Connection.connect({
    address: config.TEMPORAL_ADDRESS,
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY, tls: tls ?? true } : tls ? { tls } : {}),
  });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, ...(options.interceptors ? { interceptors: options.interceptors } : {}) });
}
