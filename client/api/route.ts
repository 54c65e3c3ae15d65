/**
 * One declarative table of routes: each route states its access, zod schemas and responses once; `registerRoutes`
 * mounts them on Fastify (authenticating, then parsing params/query/body with zod) and `openApiDocument` documents them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isAllowed, type Caller, type Role } from './api-keys';
import { HttpError, invalidInput, toHttpError } from './errors';

/**
 * Who may call a route: API key roles, anyone (rate-limited), the carrier's webhook secret, a page session of one of
 * `pageRoles`, or any page visitor (`page`: the login form, login, logout). Page routes that change state also need
 * the same origin and a CSRF token (page-session.ts).
 */
export type Access = { roles: readonly Role[] } | { pageRoles: readonly Role[] } | 'public' | 'webhook' | 'page';

/** True for the routes of the server-rendered pages (mounted with the page sessions). */
export function isPageAccess(access: Access): boolean {
  return access === 'page' || (typeof access === 'object' && 'pageRoles' in access);
}

/** The roles a route admits (API key or page session), or null when it is not role-checked. */
function rolesOf(access: Access): readonly Role[] | null {
  if (typeof access !== 'object') return null;
  return 'roles' in access ? access.roles : access.pageRoles;
}

/** A documented response. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  /** OpenAPI links to the operations this response leads to (followed by schemathesis' stateful phase). */
  links?: Record<string, { operationId: string; parameters: Record<string, string> }>;
}

/** What a handler receives, already authenticated and parsed. */
export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A route of the API. */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST';
  /** Fastify path, e.g. `/claims/:claimId`. */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Media types the body may come in (default JSON). */
  bodyTypes?: string[];
  responses: Record<number, ResponseSpec>;
  handler(context: RouteContext<P, Q, B>): Promise<unknown>;
}

/** Declares a route with its types inferred from its schemas. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec {
  return spec as unknown as RouteSpec;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (null on public routes). */
    caller: Caller | null;
  }
}

/** How a request proves who it is; returns the caller or throws 401. */
export type Authenticate = (request: FastifyRequest, access: Access) => Caller | null | Promise<Caller | null>;

/** The response codes every route with that access may also answer. */
export function accessResponses(access: Access): Record<number, string> {
  if (access === 'public') return { 429: 'Too many requests' };
  if (access === 'webhook') return { 401: 'Missing or wrong webhook token', 429: 'Too many requests' };
  if (access === 'page') return { 403: 'Cross-site form, or missing or expired CSRF token' };
  if ('pageRoles' in access) return { 403: 'The session’s role may not use this page, cross-site form, or missing or expired CSRF token' };
  return { 401: 'Missing or unknown API key', 403: 'The key’s role may not use this route' };
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw invalidInput(result.error, where);
  return result.data;
}

/** A per-route rate limit (@fastify/rate-limit route options; `keyGenerator` picks the bucket, default the client's IP). */
export interface RouteRateLimit {
  max: number;
  timeWindow: string;
  keyGenerator?: (request: FastifyRequest) => string;
}

/** Mounts the routes; `rateLimit` is the per-route limit applied to public and webhook routes. */
export function registerRoutes(app: FastifyInstance, routes: readonly RouteSpec[], authenticate: Authenticate, rateLimit: RouteRateLimit): void {
  for (const route of routes) {
    const limited = route.access === 'public' || route.access === 'webhook';
    app.route({
      method: route.method,
      url: route.url,
      ...(limited ? { config: { rateLimit } } : {}),
      onRequest: async (request) => {
        request.caller = await authenticate(request, route.access);
        const allowed = rolesOf(route.access);
        if (allowed && request.caller && !isAllowed(request.caller, allowed)) {
          throw new HttpError(403, `role ${request.caller.role} may not ${route.summary.toLowerCase()}`);
        }
      },
      handler: async (request, reply) => {
        try {
          const params = parseWith(route.params, request.params, 'path');
          const query = parseWith(route.query, request.query, 'query');
          const body = parseWith(route.body, request.body, 'body');
          const result = await route.handler({ params, query, body, caller: request.caller, request, reply });
          return reply.sent ? reply : result;
        } catch (error) {
          throw toHttpError(error);
        }
      },
    });
  }
}
