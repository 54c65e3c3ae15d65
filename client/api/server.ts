/**
 * The HTTP server: the API (roles by API key), the customer tracking page, the carrier webhook, the shipping board,
 * the OpenAPI document (`/openapi.json`) and its browsable docs (`/docs`, assets served locally).
 */
import formBody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from 'mongodb';
import type { AppConfig } from '../../config/env';
import { createTrackingDelivery } from '../tracking-delivery';
import { devApiKeysSetting, identifyCaller, parseApiKeys, type ApiKeyEntry } from './api-keys';
import { createBoardSessions } from './board-session';
import { registerDocs } from './docs';
import { BOARD_CSP } from '../web/board-page';
import { contentSecurityPolicy } from '../web/html';
import { HttpError, toHttpError } from './errors';
import { openApiDocument, type DocumentedRoute } from './openapi';
import { maskText, maskUrl } from './redact';
import { registerRoutes, type Access, type RouteSpec } from './route';
import { boardErrorPage, boardRoutes } from './routes/board';
import { claimRoutes } from './routes/claims';
import { trackRoutes, webhookRoutes } from './routes/public';
import { returnLabelRoutes } from './routes/return-label';
import { brandingFromConfig } from '../../notifications/branding';
import { taskRoutes } from './routes/tasks';
import { policyRoutes } from './routes/policy';
import { inventoryRoutes } from './routes/inventory';
import { createPolicySource } from '../../config/policy';
import { defineRoute } from './route';
import { z } from 'zod';
import { apiOpsOptions } from '../../observability/api-ops';
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

/** Builds the server (not listening yet). */
export async function createApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const { config, db, temporal } = options;
  const clock = options.clock ?? (() => new Date());
  const keys = apiKeysOf(config).entries;
  const branding = brandingFromConfig(config);
  const sessions = createBoardSessions(config.BOARD_SESSION_SECRET, clock);
  const app = Fastify({
    bodyLimit: config.API_BODY_LIMIT_BYTES,
    logger: {
      level: config.LOG_LEVEL,
      ...(options.logStream ? { stream: options.logStream } : {}),
      serializers: { req: (req) => ({ method: req.method, url: maskUrl(req.url) }), res: (res) => ({ statusCode: res.statusCode }) },
    },
  });
  app.decorateRequest('caller', null);
  const mounted: MountedRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') mounted.push({ method, url: route.url });
  });
  app.decorate('mountedRoutes', () => [...mounted]);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html') && !request.url.startsWith('/docs')) {
      if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', request.url.startsWith('/board') ? BOARD_CSP : contentSecurityPolicy()); // a route may set its own
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
  await app.register(formBody, { bodyLimit: config.API_BODY_LIMIT_BYTES });
  await app.register(rateLimit, { global: false });
  await app.register(opsRoutes, apiOpsOptions({ db, temporal })); // /metrics, /healthz, /readyz (observability/)

  const deps = { db, temporal, clock, ...(options.updateWaitMs ? { updateWaitMs: options.updateWaitMs } : {}) };
  const authenticate = (request: { headers: Record<string, string | string[] | undefined> }, access: Access) => {
    if (access === 'public' || access === 'webhook' || access === 'board-login') return null;
    if (access === 'board') {
      const session = sessions.read(request.headers.cookie as string | undefined);
      if (!session) throw new HttpError(401, 'log in to the board with the shipping key');
      return session;
    }
    const key = keyOf(request.headers);
    if (!key) throw new HttpError(401, 'missing API key: send X-Api-Key: <key> or Authorization: Bearer <key>');
    const caller = identifyCaller(keys, key);
    if (!caller) throw new HttpError(401, 'unknown API key');
    return caller;
  };
  const rate = { max: config.PUBLIC_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' };
  const webhook = webhookRoutes({ db, secret: config.SHIPPO_WEBHOOK_SECRET, deliver: createTrackingDelivery({ client: temporal, db }), log: app.log });
  const policy = createPolicySource(config);
  const routes: RouteSpec[] = [
    ...claimRoutes({ ...deps, taskQueue: options.taskQueue, publicBaseUrl: config.PUBLIC_BASE_URL, log: app.log, policy }),
    ...policyRoutes({ policy, clock }),
    ...inventoryRoutes(deps),
    ...taskRoutes(deps),
    ...trackRoutes({ db, branding, reprintsPerDay: config.LABEL_REPRINTS_PER_DAY }),
    ...returnLabelRoutes({ db, temporal, branding, reprintsPerDay: config.LABEL_REPRINTS_PER_DAY, clock }),
    ...boardRoutes({ ...deps, keys, sessions, secureCookies: config.PUBLIC_BASE_URL.startsWith('https:') }),
  ];
  const docsRoute = defineRoute({
    method: 'GET', url: '/openapi.json', operationId: 'openApi', summary: 'This OpenAPI document', tag: 'docs', access: 'public',
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
    handler: async () => document,
  });
  const document = openApiDocument([...routes, ...webhook, docsRoute], config.PUBLIC_BASE_URL, opsDocumentation);

  const boardError = boardErrorPage(deps);
  app.setErrorHandler(async (error, request, reply) => {
    const mapped = toHttpError(error);
    const status = (error as { statusCode?: number }).statusCode;
    let http: HttpError;
    if (mapped instanceof HttpError) http = mapped;
    else if (status && status >= 400 && status < 500) http = new HttpError(status, status === 413 ? `body too large (limit ${config.API_BODY_LIMIT_BYTES} bytes)` : (error as Error).message);
    else {
      request.log.error({ error: maskText(String((error as Error)?.message ?? error)) }, 'request failed');
      http = new HttpError(500, 'internal error; it was logged');
    }
    if (request.url.startsWith('/board') && http.statusCode !== 413 && http.statusCode !== 429) return boardError(reply, request.caller, http, request.method);
    return reply.code(http.statusCode).send(http.body());
  });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ error: `no route ${request.method} ${maskUrl(request.url)}` }));
  registerRoutes(app, [...routes, docsRoute], authenticate, rate);
  await app.register(async (child) => {
    // The webhook authenticates the raw body it was sent, so JSON is kept as a string in this context only.
    child.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    registerRoutes(child, webhook, authenticate, rate);
  });
  registerDocs(app);

  return app;
}
