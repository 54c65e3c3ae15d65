/**
 * Fastify plugin for operations: `GET /metrics` (Prometheus text), `GET /healthz` (the process is alive),
 * `GET /readyz` (every dependency answers; 503 while shutting down), and counting of carrier webhook responses.
 * Registered by the API server and by the worker's ops server.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { runReadinessChecks, type ReadinessCheck } from './health';
import { countWebhookResponse, type ProductMetrics } from './metrics';

/** Options of `opsRoutes`. */
export interface OpsRoutesOptions {
  metrics: ProductMetrics;
  /** Readiness checks by name, e.g. `{ mongodb, temporal }`. */
  checks: Record<string, ReadinessCheck>;
  /** More exposition text for /metrics, e.g. Temporal Core's exporter proxied (see `fetchCoreMetrics`). */
  extraMetrics?: () => Promise<string>;
  /** Responses on routes under this prefix are counted as webhook events (default `/webhooks/`). */
  webhookPathPrefix?: string;
  /** True once shutdown began: /readyz answers 503 so load balancers stop sending traffic. */
  isShuttingDown?: () => boolean;
}

async function plugin(app: FastifyInstance, options: OpsRoutesOptions): Promise<void> {
  const webhookPrefix = options.webhookPathPrefix ?? '/webhooks/';
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url?.startsWith(webhookPrefix)) countWebhookResponse(options.metrics, reply.statusCode);
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (options.isShuttingDown?.()) return reply.code(503).send({ ok: false, reason: 'shutting down' });
    const report = await runReadinessChecks(options.checks);
    return reply.code(report.ok ? 200 : 503).send(report);
  });
  app.get('/metrics', async (_request, reply) => {
    const own = await options.metrics.registry.metrics();
    const extra = options.extraMetrics ? await options.extraMetrics() : '';
    return reply.type(options.metrics.registry.contentType).send(extra ? `${own}\n${extra}` : own);
  });
}

// Same effect as `fastify-plugin`: the hook applies to the routes of the app that registers the plugin.
(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

/** The plugin; `app.register(opsRoutes, { metrics, checks })`. */
export const opsRoutes: FastifyPluginAsync<OpsRoutesOptions> = plugin;

/** Reads Temporal Core's Prometheus exporter; on failure returns a comment line instead of failing the scrape. */
export async function fetchCoreMetrics(bindAddress: string): Promise<string> {
  const host = bindAddress.replace(/^0\.0\.0\.0:/, '127.0.0.1:');
  try {
    const response = await fetch(`http://${host}/metrics`, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) return `# temporal core metrics unavailable: HTTP ${response.status}\n`;
    return await response.text();
  } catch (error) {
    return `# temporal core metrics unavailable: ${(error as Error).message}\n`;
  }
}
