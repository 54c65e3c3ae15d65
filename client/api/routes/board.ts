/**
 * The shipping board (`/board`): log in with the shipping key (exchanged for a signed session cookie), see the
 * tasks, take them, complete pick-pack-ship and record returns. Form posts answer with the board re-rendered:
 * 303 back to the board on success, the board with the error and 400/404/409 on failure.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { renderBoardPage, renderLoginPage, type Flash } from '../../web/board-page';
import { identifyCaller, type ApiKeyEntry, type Caller } from '../api-keys';
import type { BoardSessions } from '../board-session';
import type { HttpError } from '../errors';
import { boardTasks, completeShipment, recordReturnReceipt, takeOpenTask, type OperationDeps } from '../operations';
import { defineRoute, type RouteSpec } from '../route';
import { claimIdParams, returnReceiptBody, shipmentBody, taskIdParams } from '../schemas';

const FORM = 'application/x-www-form-urlencoded';
const htmlPage = { description: 'The board (HTML)', contentType: 'text/html', schema: z.string() };
const redirect = { description: 'Done: back to the board' };

/** Form fields left empty count as absent. */
const form = <T extends z.ZodType>(schema: T) => z.preprocess<unknown, T>((value) => (value && typeof value === 'object'
  ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '')) : value), schema);

/** The board routes. */
export function boardRoutes(deps: OperationDeps & { keys: readonly ApiKeyEntry[]; sessions: BoardSessions; secureCookies: boolean }): RouteSpec[] {
  const show = async (reply: FastifyReply, caller: Caller | null, status: number, flash?: Flash) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store')
      .send(renderBoardPage(await boardTasks(deps, {}), caller?.name ?? '', flash));

  /** Runs a form action: success → 303 to the board with a message (failures go to `boardErrorPage`). */
  const act = async (reply: FastifyReply, action: () => Promise<string>) => {
    const done = await action();
    return reply.code(303).header('location', `/board?ok=${encodeURIComponent(done)}`).send();
  };

  return [
    defineRoute({
      method: 'GET', url: '/board', operationId: 'board', summary: 'Show the shipping board', tag: 'board', access: 'board',
      query: z.object({ ok: z.string().max(300).optional() }),
      responses: { 200: htmlPage, 303: { description: 'Not logged in: to the login form' } },
      handler: ({ query, caller, reply }) => show(reply, caller, 200, query.ok ? { kind: 'ok', text: query.ok } : undefined),
    }),
    defineRoute({
      method: 'GET', url: '/board/login', operationId: 'boardLoginForm', summary: 'Show the board login form', tag: 'board', access: 'board-login',
      responses: { 200: { ...htmlPage, description: 'The login form' } },
      handler: async ({ reply }) => reply.type('text/html; charset=utf-8').send(renderLoginPage()),
    }),
    defineRoute({
      method: 'POST', url: '/board/login', operationId: 'boardLogin', summary: 'Log in to the board', tag: 'board', access: 'board-login',
      body: z.object({ key: z.string().min(1, 'is required').max(200) }), bodyTypes: [FORM],
      responses: { 303: { description: 'Logged in: session cookie set, to the board' }, 401: { ...htmlPage, description: 'Wrong key, or not a shipping key' } },
      handler: async ({ body, reply }) => {
        const caller = identifyCaller(deps.keys, body.key);
        if (!caller || (caller.role !== 'shipping' && caller.role !== 'admin')) {
          return reply.code(401).type('text/html; charset=utf-8').send(renderLoginPage('That is not a shipping key.'));
        }
        return reply.code(303).header('set-cookie', deps.sessions.start(caller, deps.secureCookies)).header('location', '/board').send();
      },
    }),
    defineRoute({
      method: 'POST', url: '/board/logout', operationId: 'boardLogout', summary: 'Log out of the board', tag: 'board', access: 'board-login',
      responses: { 303: { description: 'Session cookie cleared, to the login form' } },
      handler: async ({ reply }) => reply.code(303).header('set-cookie', deps.sessions.end()).header('location', '/board/login').send(),
    }),
    defineRoute({
      method: 'POST', url: '/board/tasks/:taskId/take', operationId: 'boardTakeTask', summary: 'Take a task from the board', tag: 'board', access: 'board',
      params: taskIdParams, responses: { 303: redirect, 404: htmlPage, 409: htmlPage },
      handler: ({ params, caller, reply }) => act(reply, async () => {
        await takeOpenTask(deps, params.taskId, caller?.name ?? 'shipping');
        return `Task ${params.taskId} is yours`;
      }),
    }),
    defineRoute({
      method: 'POST', url: '/board/claims/:claimId/shipment', operationId: 'boardCompleteShipment', summary: 'Complete pick-pack-ship from the board', tag: 'board', access: 'board',
      params: claimIdParams, body: form(shipmentBody), bodyTypes: [FORM], responses: { 303: redirect, 400: htmlPage, 404: htmlPage, 409: htmlPage },
      handler: ({ params, body, caller, reply }) => act(reply, async () => {
        const result = await completeShipment(deps, params.claimId, body, { caller });
        return `Claim ${params.claimId} is ${result.status}`;
      }),
    }),
    defineRoute({
      method: 'POST', url: '/board/claims/:claimId/return-receipt', operationId: 'boardRecordReturn', summary: 'Record a return from the board', tag: 'board', access: 'board',
      params: claimIdParams, body: form(returnReceiptBody), bodyTypes: [FORM], responses: { 303: redirect, 400: htmlPage, 404: htmlPage, 409: htmlPage },
      handler: ({ params, body, caller, reply }) => act(reply, async () => {
        await recordReturnReceipt(deps, params.claimId, body, { caller });
        return `Return of claim ${params.claimId} recorded; the claim is closed`;
      }),
    }),
  ];
}

/**
 * Answers a failed board request as a page: not logged in → 303 to the login form (GET) or 401 with the form;
 * anything else → the board with the error message and the error's status.
 */
export function boardErrorPage(deps: OperationDeps) {
  return async (reply: FastifyReply, caller: Caller | null, error: HttpError, method: string) => {
    if (error.statusCode === 401) {
      if (method === 'GET') return reply.code(303).header('location', '/board/login').send();
      return reply.code(401).type('text/html; charset=utf-8').send(renderLoginPage('Your session ended; log in again.'));
    }
    const text = error.fields?.length ? `Please fix: ${error.fields.map((f) => `${f.field} ${f.message}`).join('; ')}` : error.message;
    return reply.code(error.statusCode).type('text/html; charset=utf-8').header('cache-control', 'no-store')
      .send(renderBoardPage(await boardTasks(deps, {}), caller?.name ?? '', { kind: 'error', text }));
  };
}
