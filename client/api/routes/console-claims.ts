/**
 * The console's claim pages: the form that opens a claim (checked with the trigger's schema, the same answers as
 * `POST /claims`; a device with an open claim gets that claim's link), the claim page, and the steps taken on it
 * (cancel, correct the address, a supervisor's decision), each refused with its form re-shown and the reason.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { modelDisplayName, serviceNameOf } from '../../../activities/customer-facts';
import { findClaim } from '../../../data/claims';
import { searchClaims } from '../../../data/claim-search';
import { findDevice, listModels } from '../../../data/devices';
import { findTask, tasksOfClaim } from '../../../data/tasks';
import { normaliseMac } from '../../../domain/mac';
import { TASK_QUEUE } from '../../../domain/work-queues';
import { claimRequestSchema } from '../../../schemas/claim-request';
import { addressOfForm, errorsByField, renderClaimForm, requestOfForm, type FormValues } from '../../web/claim-form';
import { renderClaimPage, type StepForm } from '../../web/claim-page';
import { html } from '../../web/html';
import type { Caller } from '../api-keys';
import { claimRepeatFlag } from '../device-view';
import { HttpError, invalidInput, toHttpError } from '../errors';
import { cancelClaim, confirmEmergencyAddress, correctAddress, decideClaim, requireClaimOf, takeOpenTask } from '../operations';
import { openReplacement, trackingUrlOf, type OpenClaimDeps } from '../open-claim';
import { defineRoute, type RouteSpec } from '../route';
import { cancelBody, claimIdParams, claimRefParams, correctAddressBody, decisionBody, emergencyAddressBody, taskIdParams } from '../schemas';
import { kindsOf, requireWorks } from '../work-queue';
import { okFlash, okQuery, redirectTo, sendPage, viewerOf, type ConsoleDeps } from './console';
import { FORM, htmlPage, pageForm } from './page-entry';

/** What the claim pages need. */
export interface ConsoleClaimDeps extends ConsoleDeps, OpenClaimDeps {}

/** A console form's fields as sent (a repeated field keeps its first value). */
const formFields = pageForm(z.record(z.string().max(100), z.union([z.string().max(20_000), z.array(z.string().max(20_000)).max(50)]))
  .transform((fields) => Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value])) as FormValues));
const done = { 303: { description: 'Done: back to the claim, with a message' } };
const claimPath = (claimId: string) => `/console/claims/${encodeURIComponent(claimId)}`;

/** The console's claim routes. */
export function consoleClaimRoutes(deps: ConsoleClaimDeps): RouteSpec[] {
  const support = { pageRoles: ['support'] } as const;
  const readers = { pageRoles: ['support', 'supervisor'] } as const;

  /** The claim page for `caller`, at `status`, with a message or a step's form re-shown. */
  const showClaim = async (reply: FastifyReply, caller: Caller, claimRef: string, status: number, options: Parameters<typeof renderClaimPage>[2] = {}) => {
    const claim = await requireClaimOf(deps.db, claimRef);
    const underReview = claim.status === 'under-review' && (caller.role === 'supervisor' || caller.role === 'admin');
    const service = (leg: 'outbound' | 'return') => (claim.legs[leg] ? serviceNameOf(deps.db, claim.claimId, leg) : undefined);
    const [tasks, modelName, repeat, models, outbound, back] = await Promise.all([
      tasksOfClaim(deps.db, claim.claimId), modelDisplayName(deps.db, claim.model), claimRepeatFlag(deps.db, claim), underReview ? listModels(deps.db) : [],
      service('outbound'), service('return'),
    ]);
    const data = {
      claim, tasks, modelName: modelName ?? null, trackingUrl: trackingUrlOf(deps.publicBaseUrl, claim.trackingToken), repeat, models, workedKinds: kindsOf(caller),
      services: { ...(outbound ? { outbound } : {}), ...(back ? { return: back } : {}) },
    };
    return sendPage(reply, status, renderClaimPage(viewerOf(deps, reply.request, reply, caller), data, options));
  };

  /** Runs a step: done → 303 to the claim with a message; refused by the claim (4xx) → the claim page with the reason on its form. */
  const step = async (reply: FastifyReply, caller: Caller, claimId: string, form: StepForm['form'], values: FormValues, action: () => Promise<string>) => {
    try {
      return redirectTo(reply, claimPath(claimId), await action());
    } catch (error) {
      const http = toHttpError(error);
      if (!(http instanceof HttpError) || http.statusCode >= 500 || http.statusCode === 404) throw http;
      const errors = http.statusCode === 400 ? errorsByField(http.fields ?? []) : {};
      return showClaim(reply, caller, claimId, http.statusCode, { flash: { kind: 'error', text: http.statusCode === 400 ? 'Please fix the fields marked below.' : http.message }, step: { form, values, errors } });
    }
  };
  const parsed = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const result = schema.safeParse(value);
    if (!result.success) throw invalidInput(result.error);
    return result.data;
  };

  return [
    defineRoute({
      method: 'GET', url: '/console/claims/new', operationId: 'consoleClaimForm', summary: 'Show the console form to open a claim', tag: 'console', access: support,
      query: pageForm(z.object({ mac: z.string().max(64).optional() })),
      responses: { 200: { ...htmlPage, description: 'The form, filled in from the device and its latest claim' } },
      handler: async ({ query, caller, request, reply }) => {
        const mac = query.mac ? normaliseMac(query.mac) : null;
        const known = mac?.ok ? mac.mac : undefined;
        const [device, latest] = known ? await Promise.all([findDevice(deps.db, known).catch(() => null), searchClaims(deps.db, { mac: known }, { limit: 1 })]) : [null, null];
        const last = latest?.claims[0] ? await findClaim(deps.db, latest.claims[0].claimId) : null;
        const values: FormValues = {
          mac: known ?? query.mac, extension: device?.extension ?? last?.extension, accountId: device?.accountId ?? last?.accountId, triggeredBy: caller!.name,
          ...(last ? {
            'contact.name': last.contact.name, 'contact.phone': last.contact.phone, 'contact.email': last.contact.email, 'contact.timeZone': last.contact.timeZone,
            ...Object.fromEntries(Object.entries(last.shipTo).map(([field, value]) => [`shipTo.${field}`, String(value)])),
          } : { 'shipTo.country': 'US' }),
        };
        return sendPage(reply, 200, renderClaimForm(viewerOf(deps, request, reply, caller!), values, {}, last ? { prefilledFrom: last.claimId } : {}));
      },
    }),
    defineRoute({
      method: 'POST', url: '/console/claims', operationId: 'consoleOpenClaim', summary: 'Open a claim from the console', tag: 'console', access: support,
      body: formFields, bodyTypes: [FORM],
      responses: {
        303: { description: 'Opened: to the new claim' },
        200: { ...htmlPage, description: 'The device already has an open claim: the form, with its link' },
        400: { ...htmlPage, description: 'The form with each refused field and why (the same messages as POST /claims)' },
      },
      handler: async ({ body, caller, request, reply }) => {
        const viewer = viewerOf(deps, request, reply, caller!);
        const result = claimRequestSchema.safeParse(requestOfForm(body));
        if (!result.success) return sendPage(reply, 400, renderClaimForm(viewer, body, errorsByField(invalidInput(result.error).fields ?? [])));
        const opened = await openReplacement(deps, result.data, caller, { awaitReadModel: true }); // the claim's page comes next
        if (opened.created) return redirectTo(reply, claimPath(opened.claimId), `Claim ${opened.claimId} opened`);
        const notice = html`<div class="flash info" role="alert" data-existing-claim="${opened.claimId}">This device already has an open claim: <a href="${claimPath(opened.claimId)}">${opened.claimId}</a> (${opened.status.replace(/-/g, ' ')}). Nothing new was opened.</div>`;
        return sendPage(reply, 200, renderClaimForm(viewer, body, {}, { notice }));
      },
    }),
    defineRoute({
      method: 'GET', url: '/console/claims/:claimId', operationId: 'consoleClaim', summary: 'Show a claim in the console', tag: 'console', access: readers,
      params: claimRefParams, query: okQuery,
      responses: { 200: { ...htmlPage, description: 'The claim page (by claim id, or a MAC: the device’s newest claim)' }, 404: { ...htmlPage, description: 'No such claim' } },
      handler: ({ params, query, caller, reply }) => showClaim(reply, caller!, params.claimId, 200, { ...(query.ok ? { flash: okFlash(query.ok)! } : {}) }),
    }),
    defineRoute({
      method: 'POST', url: '/console/claims/:claimId/cancel', operationId: 'consoleCancelClaim', summary: 'Cancel a claim from the console', tag: 'console', access: support,
      params: claimIdParams, body: formFields, bodyTypes: [FORM],
      responses: { ...done, 400: htmlPage, 404: htmlPage, 409: { ...htmlPage, description: 'Refused by the claim (e.g. after hand-over), with the reason' } },
      handler: ({ params, body, caller, reply }) => step(reply, caller!, params.claimId, 'cancel', body, async () => {
        const result = await cancelClaim(deps, params.claimId, parsed(cancelBody, body), { caller });
        return `Claim ${params.claimId} is ${result.status}`;
      }),
    }),
    defineRoute({
      method: 'POST', url: '/console/claims/:claimId/address', operationId: 'consoleCorrectAddress', summary: 'Correct the address from the console', tag: 'console', access: support,
      params: claimIdParams, body: formFields, bodyTypes: [FORM],
      responses: { ...done, 400: htmlPage, 404: htmlPage, 409: htmlPage },
      handler: ({ params, body, caller, reply }) => step(reply, caller!, params.claimId, 'address', body, async () => {
        await correctAddress(deps, params.claimId, parsed(correctAddressBody, { shipTo: addressOfForm(body, 'shipTo.'), ...(body.by ? { by: body.by } : {}) }), { caller });
        return 'Address corrected: the labels are being bought again';
      }),
    }),
    defineRoute({
      method: 'POST', url: '/console/claims/:claimId/emergency-address', operationId: 'consoleConfirmEmergencyAddress', summary: 'Confirm the E911 location from the console', tag: 'console', access: support,
      params: claimIdParams, body: formFields, bodyTypes: [FORM],
      responses: { ...done, 400: htmlPage, 404: htmlPage, 409: { ...htmlPage, description: 'Nothing to confirm on this claim' } },
      handler: ({ params, body, caller, reply }) => step(reply, caller!, params.claimId, 'emergency', body, async () => {
        await confirmEmergencyAddress(deps, params.claimId, parsed(emergencyAddressBody, body), { caller });
        return 'E911 location confirmed';
      }),
    }),
    defineRoute({
      method: 'POST', url: '/console/claims/:claimId/decision', operationId: 'consoleDecideClaim', summary: 'Decide an unknown device from the console', tag: 'console', access: { pageRoles: ['supervisor'] },
      params: claimIdParams, body: formFields, bodyTypes: [FORM],
      responses: { ...done, 400: htmlPage, 404: htmlPage, 409: htmlPage },
      handler: ({ params, body, caller, reply }) => step(reply, caller!, params.claimId, 'decision', body, async () => {
        const approve = body.approve === 'true' ? true : body.approve === 'false' ? false : body.approve;
        const { approve: _approve, ...rest } = body;
        const result = await decideClaim(deps, params.claimId, parsed(decisionBody, { ...rest, approve }), { caller });
        return `Claim ${params.claimId} ${result.status}`;
      }),
    }),
    defineRoute({
      method: 'POST', url: '/console/tasks/:taskId/take', operationId: 'consoleTakeTask', summary: 'Take a task from the console', tag: 'console', access: readers,
      params: taskIdParams, body: formFields, bodyTypes: [FORM],
      responses: { 303: { description: 'Taken: back to the queue (or the claim), with a message' }, 403: htmlPage, 404: htmlPage, 409: htmlPage },
      handler: async ({ params, body, caller, reply }) => {
        const task = await findTask(deps.db, params.taskId);
        if (!task) throw new HttpError(404, `task ${params.taskId} not found`);
        requireWorks(caller!, task.kind);
        await takeOpenTask(deps, params.taskId, caller!.name);
        const back = body.back === 'claim' ? claimPath(task.claimId) : `/console/queues/${TASK_QUEUE[task.kind]}`;
        return redirectTo(reply, back, `Task ${params.taskId} is yours`);
      },
    }),
  ];
}
