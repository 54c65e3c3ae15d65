/** observability/ops-routes.ts on a real Fastify server on loopback: /healthz, /readyz, /metrics, webhook counting. */
import Fastify, { type FastifyInstance } from 'fastify';
import { fetchCoreMetrics, opsRoutes } from '../../../observability/ops-routes';
import { createProductMetrics, type ProductMetrics } from '../../../observability/metrics';

async function appWith(options: { checks?: Record<string, () => Promise<unknown>>; extra?: string; shuttingDown?: boolean }): Promise<{ app: FastifyInstance; metrics: ProductMetrics }> {
  const metrics = createProductMetrics('test');
  const app = Fastify({ logger: false });
  await app.register(opsRoutes, {
    metrics,
    checks: options.checks ?? {},
    ...(options.extra ? { extraMetrics: async () => options.extra! } : {}),
    isShuttingDown: () => options.shuttingDown ?? false,
  });
  app.post('/webhooks/shippo', async (request, reply) => reply.code(Number((request.query as { status?: string }).status ?? 200)).send({}));
  app.get('/claims', async () => ({}));
  await app.listen({ host: '127.0.0.1', port: 0 });
  apps.push(app);
  return { app, metrics };
}

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A real HTTP request to the app (light-my-request's inject does not load under jest's CommonJS runtime). */
async function call(app: FastifyInstance, path: string, method = 'GET') {
  const { port } = app.server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  const body = await response.text();
  return { statusCode: response.status, headers: Object.fromEntries(response.headers), body, json: () => JSON.parse(body) as unknown };
}

describe('opsRoutes', () => {
  it('/healthz answers without checking dependencies', async () => {
    const { app } = await appWith({ checks: { mongodb: async () => { throw new Error('down'); } } });
    expect((await call(app, '/healthz')).json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 when every check passes and 503 naming the failing one otherwise', async () => {
    const ok = await appWith({ checks: { mongodb: async () => 1, temporal: async () => 1 } });
    const ready = await call(ok.app, '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ok: true, checks: { mongodb: { ok: true }, temporal: { ok: true } } });

    const failing = await appWith({ checks: { mongodb: async () => 1, temporal: async () => { throw new Error('connection refused'); } } });
    const notReady = await call(failing.app, '/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ ok: false, checks: { mongodb: { ok: true }, temporal: { ok: false, error: 'connection refused' } } });
  });

  it('/readyz is 503 once shutdown began', async () => {
    const { app } = await appWith({ checks: { mongodb: async () => 1 }, shuttingDown: true });
    expect((await call(app, '/readyz')).statusCode).toBe(503);
  });

  it('counts webhook responses by outcome and serves them (plus extra exposition text) on /metrics', async () => {
    const { app } = await appWith({ extra: '# HELP temporal_probe x\n# TYPE temporal_probe counter\ntemporal_probe 3\n' });
    for (const status of [200, 202, 200, 401, 400, 500]) await call(app, `/webhooks/shippo?status=${status}`, 'POST');
    await call(app, '/claims');
    const response = await call(app, '/metrics');
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('rf_webhook_events_total{outcome="accepted",service="test"} 3');
    expect(response.body).toContain('rf_webhook_events_total{outcome="rejected",service="test"} 2');
    expect(response.body).toContain('rf_webhook_events_total{outcome="error",service="test"} 1');
    expect(response.body).toContain('temporal_probe 3');
  });
});

describe('fetchCoreMetrics', () => {
  it('turns an unreachable exporter into a comment line instead of failing the scrape', async () => {
    const text = await fetchCoreMetrics('127.0.0.1:1');
    expect(text).toMatch(/^# temporal core metrics unavailable: /);
  });
});
