/**
 * The HTTP server: the API (roles by API key), the customer tracking page, the carrier webhook, the shipping board,
 * the support console, the OpenAPI document (`/openapi.json`) and its browsable docs (`/docs`, assets served locally).
 */
import formBody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import type { AppConfig } from '../../config/env';
import { createTrackingDelivery } from '../tracking-delivery';
import { devApiKeysSetting, identifyCaller, parseApiKeys, type ApiKeyEntry, type Caller } from './api-keys';
import { registerDocs } from './docs';
import { BOARD_CSP } from '../web/board-page';
import { CONSOLE_CSP } from '../web/console-layout';
import { contentSecurityPolicy } from '../web/html';
import { HttpError, httpErrorOf } from './errors';
import { openApiDocument, type DocumentedRoute } from './openapi';
import { parseJsonBody } from './json-body';
import { createPageSessions, csrfRefusalOf, pageCookieNames } from './page-session';
import { maskText, maskUrl } from './redact';
import { guardedServerFactory } from './request-guard';
import { isPageAccess, registerRoutes, type Access, type RouteSpec } from './route';
import { boardErrorPage, boardRoutes } from './routes/board';
import { claimRoutes } from './routes/claims';
import { consoleErrorPage, consoleRoutes } from './routes/console';
import { consoleClaimRoutes } from './routes/console-claims';
import { consoleQueueRoutes } from './routes/console-queues';
import { trackRoutes, webhookRoutes } from './routes/public';
import { returnLabelRoutes } from './routes/return-label';
import { brandingFromConfig } from '../../notifications/branding';
import { taskRoutes } from './routes/tasks';
import { policyRoutes } from './routes/policy';
import { inventoryRoutes } from './routes/inventory';
import { deviceOnlineRoutes } from './routes/device-online';
import { deviceRoutes } from './routes/devices';
import { createPolicySource } from '../../config/policy';
import { defineRoute } from './route';
import { z } from 'zod';
import { tokensMatch } from '../../carrier/webhook';
import { apiOpsOptions } from '../../observability/api-ops';
import { logWithoutThrowing } from '../../observability/logger';
import { opsRoutes } from '../../observability/ops-routes';

/** A route Fastify serves (for the OpenAPI coverage check). */
export interface MountedRoute {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every method + URL mounted on the server (HEAD excluded). */
    mountedRoutes(): MountedRoute[];
  }
}

/** What the server needs. */
export interface ApiServerOptions {
  config: AppConfig;
  db: Db;
  temporal: Client;
  taskQueue: string;
  clock?: () => Date;
  /** How long a human step waits for the workflow's answer before 504 (default 30 s). */
  updateWaitMs?: number;
  /** Where log lines go (default stdout); pino at `LOG_LEVEL`, URLs masked, no headers. */
  logStream?: NodeJS.WritableStream;
}

/** The ops plugin's routes (observability/ops-routes.ts), documented here because they are mounted outside the route table. */
const opsDocumentation: DocumentedRoute[] = [
  { method: 'GET', path: '/healthz', operationId: 'healthz', summary: 'Liveness: the process answers', tag: 'ops', responses: { 200: { description: '`{ status: "ok" }`' } } },
  { method: 'GET', path: '/readyz', operationId: 'readyz', summary: 'Readiness: every dependency answers', tag: 'ops', responses: { 200: { description: 'Ready' }, 503: { description: 'A dependency is down, or shutting down' } } },
  { method: 'GET', path: '/metrics', operationId: 'metrics', summary: 'Prometheus metrics', tag: 'ops', responses: { 200: { description: 'Prometheus text exposition', contentType: 'text/plain' } } },
];

/** The configured API keys (`API_KEYS`), or the documented dev keys when unset. */
export function apiKeysOf(config: AppConfig): { entries: ApiKeyEntry[]; devKeys: boolean } {
  return { entries: parseApiKeys(config.API_KEYS ?? devApiKeysSetting()), devKeys: config.API_KEYS === undefined };
}

function keyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const match = /^Bearer\s+(\S+)$/i.exec(String(headers.authorization ?? ''));
  return match?.[1];
}

/** The Content-Security-Policy of an HTML answer: the board's and the console's allow their own script. */
function pageCsp(url: string): string {
  if (url.startsWith('/board')) return BOARD_CSP;
  return url === '/console' || url.startsWith('/console/') || url.startsWith('/console?') ? CONSOLE_CSP : contentSecurityPolicy();
}

/** Builds the server (not listening yet). */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const { config, db, temporal } = options;
  const clock = options.clock ?? (() => new Date());
  const keys = apiKeysOf(config).entries;
  const branding = brandingFromConfig(config);
  const guardLog: { to?: FastifyBaseLogger } = {}; // the server exists before its logger does
  const app = Fastify({
    bodyLimit: config.API_BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    serverFactory: guardedServerFactory((fields, message) => guardLog.to?.error(fields, message)),
    logger: {
      level: config.LOG_LEVEL,
      ...(options.logStream ? { stream: options.logStream } : {}),
      serializers: { req: (req) => ({ method: req.method, url: maskUrl(req.url) }), res: (res) => ({ statusCode: res.statusCode }) },
      hooks: { logMethod: logWithoutThrowing },
    },
  });
  guardLog.to = app.log;
  // Set before any plugin or route is added: routes keep the error handler in force when they were added.
  const errorOf = (error: unknown, request: FastifyRequest) =>
    httpErrorOf(error, config.API_BODY_LIMIT_BYTES, (message) => request.log.error({ error: maskText(message) }, 'request failed'));
  app.setErrorHandler(async (error, request, reply) => {
    const http = errorOf(error, request);
    return reply.code(http.statusCode).send(http.body());
  });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ error: `no route ${request.method} ${maskUrl(request.url)}` }));
  app.decorateRequest('caller', null);
  const mounted: MountedRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') mounted.push({ method, url: route.url });
  });
  app.decorate('mountedRoutes', () => [...mounted]);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html') && !request.url.startsWith('/docs')) {
      if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', pageCsp(request.url)); // a route may set its own
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  await app.register(formBody, { bodyLimit: config.API_BODY_LIMIT_BYTES });
  await app.register(rateLimit, { global: false });
  await app.register(opsRoutes, apiOpsOptions({ db, temporal })); // /metrics, /healthz, /readyz (observability/)

  const deps = { db, temporal, clock, ...(options.updateWaitMs ? { updateWaitMs: options.updateWaitMs } : {}) };
  const sessions = createPageSessions({ db, keys, publicBaseUrl: config.PUBLIC_BASE_URL, clock, ...(config.BOARD_SESSION_SECRET ? { secret: config.BOARD_SESSION_SECRET } : {}) });
  const authenticate = async (request: FastifyRequest, access: Access): Promise<Caller | null> => {
    if (access === 'public' || access === 'webhook' || access === 'page') return null;
    if (isPageAccess(access)) {
      const caller = await sessions.callerOf(request);
      if (!caller) throw new HttpError(401, 'log in to this page first');
      return caller;
    }
    const key = keyOf(request.headers);
    if (!key) throw new HttpError(401, 'missing API key: send X-Api-Key: <key> or Authorization: Bearer <key>');
    const caller = identifyCaller(keys, key);
    if (!caller) throw new HttpError(401, 'unknown API key');
    return caller;
  };
  const rate = { max: config.PUBLIC_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' };
  // Wrong-token posts fill their own bucket, so a flood of forged webhooks cannot put Shippo's real deliveries into 429.
  const webhookRate = {
    ...rate,
    keyGenerator: (request: FastifyRequest) => {
      const token = (request.query as { token?: unknown } | undefined)?.token;
      return `${tokensMatch(typeof token === 'string' ? token : undefined, config.SHIPPO_WEBHOOK_SECRET) ? 'delivery' : 'refused'}:${request.ip}`;
    },
  };
  const { routes: webhook, close: closeWebhook } = webhookRoutes({ db, secret: config.SHIPPO_WEBHOOK_SECRET, deliver: createTrackingDelivery({ client: temporal, db }), log: app.log });
  // onClose runs once the requests in flight are answered: the progress notes they queued are written then.
  app.addHook('onClose', closeWebhook);
  const policy = createPolicySource(config);
  const claimDeps = { ...deps, taskQueue: options.taskQueue, publicBaseUrl: config.PUBLIC_BASE_URL, log: app.log, policy };
  const pageDeps = { ...deps, keys, sessions };
  const pages = [...boardRoutes(pageDeps), ...consoleRoutes(pageDeps), ...consoleClaimRoutes({ ...claimDeps, ...pageDeps }), ...consoleQueueRoutes(pageDeps)];
  const routes: RouteSpec[] = [
    ...claimRoutes(claimDeps),
    ...deviceRoutes(deps),
    ...policyRoutes({ policy, clock }),
    ...inventoryRoutes(deps),
    ...taskRoutes(deps),
    ...trackRoutes({ db, branding, reprintsPerDay: config.LABEL_REPRINTS_PER_DAY }),
    ...returnLabelRoutes({ db, temporal, branding, reprintsPerDay: config.LABEL_REPRINTS_PER_DAY, clock }),
    ...deviceOnlineRoutes({ db, temporal, secret: config.DEVICE_ONLINE_SECRET, clock }),
  ];
  const docsRoute = defineRoute({
    method: 'GET', url: '/openapi.json', operationId: 'openApi', summary: 'This OpenAPI document', tag: 'docs', access: 'public',
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
    handler: async () => document,
  });
  const document = openApiDocument([...routes, ...pages, ...webhook, docsRoute], config.PUBLIC_BASE_URL, opsDocumentation, pageCookieNames(config.PUBLIC_BASE_URL));

  registerRoutes(app, [...routes, docsRoute], authenticate, rate);
  await app.register(async (child) => {
    // The webhook authenticates the raw body it was sent, so JSON is kept as a string in this context only.
    child.removeContentTypeParser('application/json');
    child.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    registerRoutes(child, webhook, authenticate, webhookRate);
  });
  await app.register(async (context) => {
    await sessions.register(context);
    const boardError = boardErrorPage(pageDeps);
    const consoleError = consoleErrorPage(pageDeps);
    const errorPageOf = (request: FastifyRequest) => (request.url.startsWith('/console') ? consoleError : boardError);
    context.setErrorHandler(async (error, request, reply) => {
      const http = csrfRefusalOf(error) ?? errorOf(error, request);
      if (http.statusCode === 413 || http.statusCode === 429) return reply.code(http.statusCode).send(http.body());
      try {
        return await errorPageOf(request)(request, reply, request.caller, http);
      } catch (failure) {
        request.log.error({ error: maskText(String((failure as Error)?.message ?? failure)) }, 'error page could not be rendered');
        return reply.code(http.statusCode).type('application/json; charset=utf-8').send(http.body());
      }
    });
    registerRoutes(context, pages, authenticate, rate);
  });
  registerDocs(app);

  return app;
}
