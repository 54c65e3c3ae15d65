/**
 * The shipping board (`/board`): log in with a shipping (or admin) key (exchanged for a page session), see the tasks,
 * take them, complete pick-pack-ship and record returns. Every form carries the page's CSRF token. Form posts answer
 * with the board re-rendered: 303 back to the board on success, the board with the error and 400/403/404/409 on failure.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { lineText } from '../../../schemas/text';
import { renderBoardPage, renderLoginPage, type Flash } from '../../web/board-page';
import { isAllowed, type ApiKeyEntry, type Caller, type Role } from '../api-keys';
import type { HttpError } from '../errors';
import { boardTasks, completeShipment, recordReturnReceipt, takeOpenTask, type OperationDeps } from '../operations';
import type { PageSessions } from '../page-session';
import { defineRoute, type RouteSpec } from '../route';
import { FORM, htmlPage as pagePage, pageEntryRoutes, pageForm } from './page-entry';
import { claimIdParams, returnReceiptBody, shipmentBody, taskIdParams } from '../schemas';

const htmlPage = { ...pagePage, description: 'The board (HTML)' };
const redirect = { description: 'Done: back to the board' };
/** The roles that may use the board (admin may too). */
const BOARD_ROLES: readonly Role[] = ['shipping'];

/** What the board routes need. */
export interface BoardDeps extends OperationDeps {
  keys: readonly ApiKeyEntry[];
  sessions: PageSessions;
}

/** Renders the board (or, without a session, the login form) with an optional message, at `status`. */
async function showBoard(deps: BoardDeps, request: FastifyRequest, reply: FastifyReply, caller: Caller | null, status: number, flash?: Flash) {
  const csrf = deps.sessions.csrfToken(request, reply);
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store');
  if (!caller) return reply.send(renderLoginPage(csrf, flash?.text));
  return reply.send(renderBoardPage(await boardTasks(deps, {}), caller.name, csrf, flash));
}

/** The board routes. */
export function boardRoutes(deps: BoardDeps): RouteSpec[] {
  /** Runs a form action: success → 303 to the board with a message (failures go to `boardErrorPage`). */
  const act = async (reply: FastifyReply, action: () => Promise<string>) => {
    const done = await action();
    return reply.code(303).header('location', `/board?ok=${encodeURIComponent(done)}`).send();
  };
  const session = { pageRoles: BOARD_ROLES };

  return [
    defineRoute({
      method: 'GET', url: '/board', operationId: 'board', summary: 'Show the shipping board', tag: 'board', access: session,
      query: z.object({ ok: lineText(300).optional() }),
      responses: { 200: htmlPage, 303: { description: 'Not logged in: to the login form' } },
      handler: ({ query, caller, request, reply }) => showBoard(deps, request, reply, caller, 200, query.ok ? { kind: 'ok', text: query.ok } : undefined),
    }),
    ...pageEntryRoutes({
      keys: deps.keys, sessions: deps.sessions, home: '/board', name: 'board', title: 'the board', roles: BOARD_ROLES,
      loginForm: (request, reply, status, error) => showBoard(deps, request, reply, null, status, error ? { kind: 'error', text: error } : undefined),
      refusal: () => 'That is not a shipping key.',
    }),
    defineRoute({
      method: 'POST', url: '/board/tasks/:taskId/take', operationId: 'boardTakeTask', summary: 'Take a task from the board', tag: 'board', access: session,
      params: taskIdParams, body: pageForm(z.object({})), bodyTypes: [FORM], responses: { 303: redirect, 404: htmlPage, 409: htmlPage },
      handler: ({ params, caller, reply }) => act(reply, async () => {
        await takeOpenTask(deps, params.taskId, caller?.name ?? 'shipping');
        return `Task ${params.taskId} is yours`;
      }),
    }),
    defineRoute({
      method: 'POST', url: '/board/claims/:claimId/shipment', operationId: 'boardCompleteShipment', summary: 'Complete pick-pack-ship from the board', tag: 'board', access: session,
      params: claimIdParams, body: pageForm(shipmentBody), bodyTypes: [FORM], responses: { 303: redirect, 400: htmlPage, 404: htmlPage, 409: htmlPage },
      handler: ({ params, body, caller, reply }) => act(reply, async () => {
        const result = await completeShipment(deps, params.claimId, body, { caller });
        return `Claim ${params.claimId} is ${result.status}`;
      }),
    }),
    defineRoute({
      method: 'POST', url: '/board/claims/:claimId/return-receipt', operationId: 'boardRecordReturn', summary: 'Record a return from the board', tag: 'board', access: session,
      params: claimIdParams, body: pageForm(returnReceiptBody), bodyTypes: [FORM], responses: { 303: redirect, 400: htmlPage, 404: htmlPage, 409: htmlPage },
      handler: ({ params, body, caller, reply }) => act(reply, async () => {
        await recordReturnReceipt(deps, params.claimId, body, { caller });
        return `Return of claim ${params.claimId} recorded; the claim is closed`;
      }),
    }),
  ];
}

/**
 * Answers a failed board request as a page: not logged in → 303 to the login form (GET) or 401 with the form;
 * no session → the login form with the error; anything else → the board with the error message and the error's status
 * (the bad fields listed for a 400).
 */
export function boardErrorPage(deps: BoardDeps) {
  return async (request: FastifyRequest, reply: FastifyReply, caller: Caller | null, error: HttpError) => {
    if (error.statusCode === 401) {
      if (request.method === 'GET') return reply.code(303).header('location', '/board/login').send();
      return showBoard(deps, request, reply, null, 401, { kind: 'error', text: 'Your session ended; log in again.' });
    }
    const text = error.statusCode === 400 && error.fields?.length ? `Please fix: ${error.fields.map((f) => `${f.field} ${f.message}`).join('; ')}` : error.message;
    // A request refused before its session was read (e.g. cross-site) still shows the board to its logged-in user;
    // someone logged in with another role (e.g. support, on the console) gets the login form with the refusal, not the board.
    const session = caller ?? await deps.sessions.callerOf(request);
    return showBoard(deps, request, reply, session && isAllowed(session, BOARD_ROLES) ? session : null, error.statusCode, { kind: 'error', text });
  };
}
