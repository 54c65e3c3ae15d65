/**
 * The entry to a set of server-rendered pages (the board, the console): the login form, the login that exchanges an
 * API key of one of the pages' roles for a page session (page-session.ts), and the logout. One mechanism, each set
 * with its own login form and roles.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findKeyEntry, isAllowed, type ApiKeyEntry, type Role } from '../api-keys';
import { CSRF_FIELD, type PageSessions } from '../page-session';
import { defineRoute, type RouteSpec } from '../route';

/** A page form's (or query's) fields: left empty they count as absent; the CSRF field belongs to the session layer, not to the step. */
export const pageForm = <T extends z.ZodType>(schema: T) => z.preprocess<unknown, T>((value) => (value && typeof value === 'object'
  ? Object.fromEntries(Object.entries(value).filter(([key, v]) => v !== '' && key !== CSRF_FIELD)) : value), schema);

/** The media type of the pages' forms. */
export const FORM = 'application/x-www-form-urlencoded';
/** A page's documented answer. */
export const htmlPage = { description: 'The page (HTML)', contentType: 'text/html', schema: z.string() };

/** What the entry routes of one set of pages need. */
export interface PageEntry {
  keys: readonly ApiKeyEntry[];
  sessions: PageSessions;
  /** `/board`, `/console`: the pages' home; the login form is at `<home>/login`. */
  home: string;
  /** `board`, `console`: the tag and the prefix of the operation ids. */
  name: string;
  /** `the board`, `the console`, in the summaries. */
  title: string;
  roles: readonly Role[];
  /** Sends the login form at `status`, with an error. */
  loginForm(request: FastifyRequest, reply: FastifyReply, status: number, error?: string): Promise<unknown>;
  /** Why a key may not log in here: unknown (null), or another role's. */
  refusal(entry: ApiKeyEntry | null): string;
}

/** The login form, login and logout routes of one set of pages. */
export function pageEntryRoutes(entry: PageEntry): RouteSpec[] {
  const { home, name, title } = entry;
  return [
    defineRoute({
      method: 'GET', url: `${home}/login`, operationId: `${name}LoginForm`, summary: `Show the ${name} login form`, tag: name, access: 'page',
      responses: { 200: { ...htmlPage, description: 'The login form' } },
      handler: ({ request, reply }) => entry.loginForm(request, reply, 200),
    }),
    defineRoute({
      method: 'POST', url: `${home}/login`, operationId: `${name}Login`, summary: `Log in to ${title}`, tag: name, access: 'page',
      body: pageForm(z.object({ key: z.string().min(1, 'is required').max(200) })), bodyTypes: [FORM],
      responses: { 303: { description: `Logged in: session cookie set, to ${title}` }, 401: { ...htmlPage, description: 'Wrong key, or a key of a role these pages are not for' } },
      handler: async ({ body, request, reply }) => {
        const key = findKeyEntry(entry.keys, body.key);
        if (!key || !isAllowed(key, entry.roles)) return entry.loginForm(request, reply, 401, entry.refusal(key));
        await entry.sessions.logIn(request, key);
        return reply.code(303).header('location', home).send();
      },
    }),
    defineRoute({
      method: 'POST', url: `${home}/logout`, operationId: `${name}Logout`, summary: `Log out of ${title}`, tag: name, access: 'page',
      responses: { 303: { description: 'Session revoked and its cookie cleared, to the login form' } },
      handler: async ({ request, reply }) => {
        await entry.sessions.logOut(request, reply);
        return reply.code(303).header('location', `${home}/login`).send();
      },
    }),
  ];
}
