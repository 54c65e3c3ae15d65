/**
 * One session mechanism for every server-rendered page (the shipping board now, the support console next): an API key
 * of any role is exchanged once for a server-side session (@fastify/session, its id in an HttpOnly, SameSite=Strict
 * cookie, its data in MongoDB) carrying the key's name, role and fingerprint; each page route states the roles it
 * admits. A session ends at logout (revoked in the store), after PAGE_SESSION_HOURS, or as soon as its key is no longer
 * in `API_KEYS`. State-changing page requests must come from `PUBLIC_BASE_URL` (Origin, else Referer) and carry a CSRF
 * token (@fastify/csrf-protection: a signed secret cookie, tokens bound to the session) in the form or a header.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from 'mongodb';
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { keyFingerprint, roles, type ApiKeyEntry, type Caller } from './api-keys';
import { HttpError } from './errors';
import { createMongoSessionStore, sweepExpiredSessions } from './session-store';

/** How long a page session lasts. */
export const PAGE_SESSION_HOURS = 12;
/** The form field (or `x-csrf-token` header) carrying the CSRF token. */
export const CSRF_FIELD = '_csrf';

const sessionCaller = z.object({ name: z.string(), role: z.enum(roles), key: z.string() });

declare module 'fastify' {
  interface Session {
    /** Who logged in: the key's name, role and fingerprint. */
    caller?: z.infer<typeof sessionCaller>;
  }
}

/** What the page sessions need. */
export interface PageSessionOptions {
  db: Db;
  keys: readonly ApiKeyEntry[];
  /** `BOARD_SESSION_SECRET`; unset: a random secret per process (logins end at restart). */
  secret?: string;
  /** `PUBLIC_BASE_URL`: the only origin state-changing page requests may come from; https makes the cookies Secure. */
  publicBaseUrl: string;
  clock: () => Date;
}

/** The session helpers the page routes use. */
export interface PageSessions {
  /** Mounts cookies, sessions and CSRF protection on `pages`, the encapsulated context holding the page routes. */
  register(pages: FastifyInstance): Promise<void>;
  /** The logged-in caller, or null; a session whose key left `API_KEYS` is revoked here. */
  callerOf(request: FastifyRequest): Promise<Caller | null>;
  /** Starts a fresh session (new id) for the key's holder; throws 400 when the cookie could not be kept (https). */
  logIn(request: FastifyRequest, entry: ApiKeyEntry): Promise<void>;
  /** Revokes the session in the store and clears its cookie. */
  logOut(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** A CSRF token for the forms of the page being rendered. */
  csrfToken(request: FastifyRequest, reply: FastifyReply): string;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const CSRF_REFUSED = new Set(['FST_CSRF_MISSING_SECRET', 'FST_CSRF_INVALID_TOKEN']);

/** @fastify/csrf-protection's refusal as a 403 that says what to do, or null for any other error. Never throws. */
export function csrfRefusalOf(error: unknown): HttpError | null {
  let code: unknown;
  try {
    code = (error as { code?: unknown } | null)?.code;
  } catch {
    return null;
  }
  if (typeof code !== 'string' || !CSRF_REFUSED.has(code)) return null;
  return new HttpError(403, 'this form has expired or was not sent from this site: reload the page and submit it again', [{ field: CSRF_FIELD, message: 'missing or not valid for this session' }]);
}

/** The origin a request says it came from (Origin, else Referer's origin), or null. */
function originOf(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin) return origin;
  const referer = request.headers.referer;
  if (typeof referer !== 'string' || !referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return 'an unreadable Referer';
  }
}

/** Throws 403 unless a state-changing request comes from `expected` (the origin of PUBLIC_BASE_URL). */
export function requireSameOrigin(request: FastifyRequest, expected: string): void {
  if (!STATE_CHANGING.has(request.method)) return;
  const origin = originOf(request);
  if (origin === expected) return;
  const why = origin ? `it came from ${origin}` : 'it carries no Origin or Referer header';
  throw new HttpError(403, `cross-site request refused: page forms are accepted only from ${expected}, and ${why}`, [{ field: 'Origin', message: `must be ${expected}` }]);
}

/**
 * The names of the session and CSRF-secret cookies. Over https they carry the `__Host-` prefix, which a sibling
 * subdomain cannot set (it requires Secure, Path=/ and no Domain).
 */
export function pageCookieNames(publicBaseUrl: string): { session: string; csrfSecret: string } {
  const secure = new URL(publicBaseUrl).protocol === 'https:';
  return { session: secure ? '__Host-rf_session' : 'rf_session', csrfSecret: secure ? '__Host-rf_csrf' : 'rf_csrf' };
}

/**
 * The page sessions: `register` mounts them on the context that holds the page routes (nothing else pays for a
 * session lookup), with the same-origin check before and the CSRF check after body parsing.
 */
export function createPageSessions(options: PageSessionOptions): PageSessions {
  const base = options.secret ?? randomBytes(32).toString('hex');
  const derive = (purpose: string) => createHmac('sha256', base).update(purpose).digest('hex');
  const expectedOrigin = new URL(options.publicBaseUrl).origin;
  const secure = expectedOrigin.startsWith('https:');
  const cookieNames = pageCookieNames(options.publicBaseUrl);
  const lifetimeMs = PAGE_SESSION_HOURS * 3_600_000;
  const userInfoOf = (request: FastifyRequest) => (request.session?.caller ? request.session.sessionId : 'anonymous');

  return {
    async register(pages) {
      await pages.register(fastifyCookie, { secret: derive('cookie-signing') });
      await pages.register(fastifySession, {
        secret: derive('session-id-signing'),
        cookieName: cookieNames.session,
        cookie: { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: lifetimeMs },
        saveUninitialized: false,
        rolling: false,
        store: createMongoSessionStore({
          db: options.db, lifetimeMs, clock: options.clock,
          onError: (error) => pages.log.error({ error: String(error) }, 'page session store callback failed'),
        }),
      });
      await pages.register(fastifyCsrfProtection, {
        sessionPlugin: '@fastify/cookie',
        cookieKey: cookieNames.csrfSecret,
        cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure, signed: true },
        getUserInfo: userInfoOf,
        csrfOpts: { hmacKey: derive('csrf-token-hmac'), userInfo: true },
      });
      pages.addHook('onRequest', async (request) => requireSameOrigin(request, expectedOrigin));
      pages.addHook('preHandler', (request, reply, done) => (STATE_CHANGING.has(request.method) ? pages.csrfProtection(request, reply, done) : done()));
    },
    async callerOf(request) {
      const parsed = sessionCaller.safeParse(request.session?.caller);
      if (!parsed.success) return null;
      const { name, role, key } = parsed.data;
      const stillConfigured = options.keys.some((entry) => entry.name === name && entry.role === role && keyFingerprint(entry) === key);
      if (!stillConfigured) {
        await request.session.destroy();
        return null;
      }
      return { name, role };
    },
    async logIn(request, entry) {
      if (secure && request.protocol !== 'https') {
        throw new HttpError(400, `log in over https (${expectedOrigin}); behind a TLS-terminating proxy set TRUST_PROXY so the API sees https`);
      }
      await sweepExpiredSessions(options.db, options.clock());
      await request.session.regenerate();
      request.session.set('caller', { name: entry.name, role: entry.role, key: keyFingerprint(entry) });
    },
    async logOut(request, reply) {
      if (request.session?.sessionId) await request.session.destroy();
      reply.clearCookie(cookieNames.session, { path: '/' });
    },
    csrfToken: (request, reply) => reply.generateCsrf({ userInfo: userInfoOf(request) }),
  };
}
