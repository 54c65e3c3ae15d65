/** The worker's small HTTP server for operations: /metrics, /healthz, /readyz (see observability/ops-routes). */
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import type { ReadinessCheck } from '../observability/health';
import type { ProductMetrics } from '../observability/metrics';
import { fetchCoreMetrics, opsRoutes } from '../observability/ops-routes';

/** What the ops server serves. */
export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  metrics: ProductMetrics;
  checks: Record<string, ReadinessCheck>;
  /** Temporal Core's Prometheus exporter to include in /metrics; absent: product metrics only. */
  coreMetricsAddress?: string;
  isShuttingDown: () => boolean;
}

/** A running ops server. */
export interface OpsServer {
  url: string;
  close(): Promise<void>;
}

/** Starts listening; resolves with the URL it serves. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const app = Fastify({ logger: false });
  const coreAddress = options.coreMetricsAddress;
  await app.register(opsRoutes, {
    metrics: options.metrics,
    checks: options.checks,
    isShuttingDown: options.isShuttingDown,
    ...(coreAddress ? { extraMetrics: () => fetchCoreMetrics(coreAddress) } : {}),
  });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, close: () => app.close() };
}
