/**
 * The support console's log-in and device lookup (`/console`): any support, supervisor or admin key is exchanged for
 * a page session (page-session.ts, the board's mechanism); every page and form states its roles. Failures are
 * answered as console pages (`consoleErrorPage`). The claim and queue pages are in console-claims.ts and
 * console-queues.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { searchClaims } from '../../../data/claim-search';
import { normaliseMac } from '../../../domain/mac';
import { lineText } from '../../../schemas/text';
import { consolePage, renderConsoleLogin, type Flash } from '../../web/console-layout';
import { renderDeviceMatches, renderDevicePage, renderLookupPage, type Viewer } from '../../web/device-page';
import { html } from '../../web/html';
import type { ApiKeyEntry, Caller, Role } from '../api-keys';
import { devicesByEmail, devicesByExtension, deviceViewOf } from '../device-view';
import { invalidInput, type HttpError } from '../errors';
import type { OperationDeps } from '../operations';
import type { PageSessions } from '../page-session';
import { defineRoute, type RouteSpec } from '../route';
import { deviceSearchQuery, macParams } from './devices';
import { htmlPage, pageEntryRoutes, pageForm } from './page-entry';

/** What the console's routes need. */
export interface ConsoleDeps extends OperationDeps {
  keys: readonly ApiKeyEntry[];
  sessions: PageSessions;
}

/** The roles that may log in to the console (admin may too). */
export const CONSOLE_ROLES: readonly Role[] = ['support', 'supervisor'];

/** The viewer of a page being rendered: who, and the CSRF token of its forms. */
export function viewerOf(deps: ConsoleDeps, request: FastifyRequest, reply: FastifyReply, caller: Caller): Viewer {
  return { caller, csrf: deps.sessions.csrfToken(request, reply) };
}

/** Sends a rendered page at `status`, never cached. */
export function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}

/** A 303 to `path`, with a message for the page it leads to. */
export function redirectTo(reply: FastifyReply, path: string, ok?: string): FastifyReply {
  return reply.code(303).header('location', ok ? `${path}${path.includes('?') ? '&' : '?'}ok=${encodeURIComponent(ok)}` : path).send();
}

/** The `ok` message a redirect carried. */
export const okQuery = z.object({ ok: lineText(300).optional() });
/** The flash of an `ok` message. */
export const okFlash = (ok: string | undefined): Flash | undefined => (ok ? { kind: 'ok', text: ok } : undefined);

/** The console's log-in, start page and device pages. */
export function consoleRoutes(deps: ConsoleDeps): RouteSpec[] {
  const session = { pageRoles: CONSOLE_ROLES };
  const lookupPage = async (viewer: Viewer, reply: FastifyReply, status: number, options: Parameters<typeof renderLookupPage>[2] = {}) =>
    sendPage(reply, status, renderLookupPage(viewer, (await searchClaims(deps.db, {}, { limit: 10 })).claims, options));
  return [
    ...pageEntryRoutes({
      keys: deps.keys, sessions: deps.sessions, home: '/console', name: 'console', title: 'the console', roles: CONSOLE_ROLES,
      loginForm: async (request, reply, status, error) => sendPage(reply, status, renderConsoleLogin(deps.sessions.csrfToken(request, reply), error)),
      refusal: (key) => (key ? 'That is a shipping key: the shipping department works from the board.' : 'That key is not known.'),
    }),
    defineRoute({
      method: 'GET', url: '/console', operationId: 'console', summary: 'Show the console start page', tag: 'console', access: session,
      query: okQuery,
      responses: { 200: { ...htmlPage, description: 'The device lookup and the newest claims' }, 303: { description: 'Not logged in: to the login form' } },
      handler: ({ query, caller, request, reply }) => lookupPage(viewerOf(deps, request, reply, caller!), reply, 200, { ...(query.ok ? { flash: { kind: 'ok', text: query.ok } } : {}) }),
    }),
    defineRoute({
      method: 'GET', url: '/console/devices', operationId: 'consoleFindDevices', summary: 'Find devices from the console', tag: 'console', access: session,
      query: pageForm(z.looseObject({ mac: z.string().max(64).optional(), accountId: z.string().max(200).optional(), extension: z.string().max(200).optional(), email: z.string().max(320).optional() })),
      responses: { 200: { ...htmlPage, description: 'The devices found' }, 303: { description: 'A MAC: to its device page' }, 400: { ...htmlPage, description: 'The lookup with what to fix' } },
      handler: async ({ query, caller, request, reply }) => {
        const viewer = viewerOf(deps, request, reply, caller!);
        const values = Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
        if (query.mac !== undefined) {
          const mac = normaliseMac(query.mac);
          if (mac.ok) return reply.code(303).header('location', `/console/devices/${encodeURIComponent(mac.mac)}`).send();
          return lookupPage(viewer, reply, 400, { values, errors: { mac: mac.reason } });
        }
        const parsed = deviceSearchQuery.safeParse(values);
        if (!parsed.success) {
          const errors = Object.fromEntries((invalidInput(parsed.error, 'query').fields ?? []).map((f) => [f.field, f.message]));
          return lookupPage(viewer, reply, 400, { values, errors });
        }
        const { email, accountId, extension } = parsed.data;
        const matches = email ? await devicesByEmail(deps.db, email) : await devicesByExtension(deps.db, accountId!, extension!);
        return sendPage(reply, 200, renderDeviceMatches(viewer, email ?? `account ${accountId}, extension ${extension}`, matches, values));
      },
    }),
    defineRoute({
      method: 'GET', url: '/console/devices/:mac', operationId: 'consoleDevice', summary: 'Show a device in the console', tag: 'console', access: session,
      params: macParams,
      responses: { 200: { ...htmlPage, description: 'The device, its coverage today, its claims and its replacement chain' } },
      handler: async ({ params, caller, request, reply }) => sendPage(reply, 200, renderDevicePage(viewerOf(deps, request, reply, caller!), await deviceViewOf(deps.db, params.mac, deps.clock()))),
    }),
  ];
}

/**
 * Answers a failed console request as a page: not logged in → 303 to the login form (GET) or the login form with
 * 401; a session of another role → the refusal, with the way to its own page; anything else → the console page
 * with the error and the error's status (the bad fields listed for a 400).
 */
export function consoleErrorPage(deps: ConsoleDeps) {
  return async (request: FastifyRequest, reply: FastifyReply, caller: Caller | null, error: HttpError) => {
    const csrf = deps.sessions.csrfToken(request, reply);
    const session = caller ?? await deps.sessions.callerOf(request);
    if (error.statusCode === 401 || !session) {
      if (request.method === 'GET' && error.statusCode === 401) return reply.code(303).header('location', '/console/login').send();
      return sendPage(reply, error.statusCode, renderConsoleLogin(csrf, error.statusCode === 401 ? 'Your session ended; log in again.' : error.message));
    }
    const text = error.statusCode === 400 && error.fields?.length ? `Please fix: ${error.fields.map((f) => `${f.field} ${f.message}`).join('; ')}` : error.message;
    const elsewhere = session.role === 'shipping' ? html`<p>The shipping department works from <a href="/board">the board</a>.</p>` : html`<p><a href="/console">Back to the console</a></p>`;
    return sendPage(reply, error.statusCode, consolePage({ title: 'Not possible', caller: session, csrf, body: elsewhere, flash: { kind: 'error', text } }));
  };
}
