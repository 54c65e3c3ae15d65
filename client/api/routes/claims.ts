/** Support's and the supervisor's claim routes, and the shipping department's claim steps. */
import { searchClaims } from '../../../data/claim-search';
import { tasksOfClaim } from '../../../data/tasks';
import { claimRequestSchema } from '../../../schemas/claim-request';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../api-keys';
import { HttpError } from '../errors';
import {
  cancelClaim, completeShipment, confirmEmergencyAddress, correctAddress, decideClaim, recordReturnReceipt, requireClaim, requireClaimOf,
  type OperationDeps, type StepCaller,
} from '../operations';
import { openReplacement, trackingUrlOf, type OpenClaimDeps } from '../open-claim';
import { defineRoute, type RouteSpec } from '../route';
import {
  cancelBody, claimIdParams, claimListResponse, claimRefParams, claimResponse, claimSearchQuery, correctAddressBody, decisionBody, emergencyAddressBody,
  labelsResponse,
  openedClaimResponse, returnReceiptBody, shipmentBody, stepResponse,
} from '../schemas';

/** What the claim routes need. */
export interface ClaimRouteDeps extends OperationDeps, OpenClaimDeps {}

const step = (description: string) => ({
  200: { description: `${description}. Send \`Idempotency-Key\` to make a retried request safe (answered with the first outcome)`, schema: stepResponse },
  404: { description: 'No such claim' },
  409: { description: 'The claim cannot take this step now (the workflow’s answer)' },
  504: { description: 'The workflow did not answer in time; the step may still be applied (read the claim before retrying)' },
});

/** From an opened claim to the operations on it (OpenAPI links: what schemathesis' stateful phase follows). */
const claimLinks = Object.fromEntries(
  ['getClaim', 'getLabels', 'cancelClaim', 'correctAddress', 'decideClaim', 'completeShipment', 'recordReturnReceipt']
    .map((operationId) => [operationId, { operationId, parameters: { claimId: '$response.body#/claimId' } }]),
);

/** The caller and its `Idempotency-Key` header (1–100 visible characters), if any. */
export function stepCaller(caller: Caller | null, request: FastifyRequest): StepCaller {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return { caller };
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(key)) {
    throw new HttpError(400, 'invalid header: Idempotency-Key: must be 1–100 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'must be 1–100 visible ASCII characters' }]);
  }
  return { caller, idempotencyKey: key };
}

/** The claim routes. */
export function claimRoutes(deps: ClaimRouteDeps): RouteSpec[] {
  const trackingUrl = (token: string) => trackingUrlOf(deps.publicBaseUrl, token);
  return [
    defineRoute({
      method: 'POST', url: '/claims', operationId: 'openClaim', summary: 'Open a replacement', tag: 'claims', access: { roles: ['support'] },
      body: claimRequestSchema,
      responses: {
        201: { description: 'A new claim was opened', schema: openedClaimResponse, links: claimLinks },
        200: { description: 'The device already has an open claim: that claim', schema: openedClaimResponse, links: claimLinks },
      },
      handler: async ({ body, caller, reply }) => {
        const opened = await openReplacement(deps, body, caller);
        reply.code(opened.created ? 201 : 200);
        return opened;
      },
    }),
    defineRoute({
      method: 'GET', url: '/claims', operationId: 'searchClaims', summary: 'Search claims', tag: 'claims', access: { roles: ['support', 'supervisor'] },
      query: claimSearchQuery,
      responses: { 200: { description: 'Matching claims (none given: the newest), newest first, a page at a time', schema: claimListResponse } },
      handler: async ({ query }) => {
        const { limit, cursor, ...criteria } = query;
        const page = await searchClaims(deps.db, criteria, { ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) });
        return {
          claims: page.claims.map(({ fault: _fault, handedOverAt: _handedOverAt, ...claim }) => ({ ...claim, model: claim.model ?? null })),
          ...(page.next ? { next: page.next } : {}),
        };
      },
    }),
    defineRoute({
      method: 'GET', url: '/claims/:claimId', operationId: 'getClaim', summary: 'Read a claim', tag: 'claims', access: { roles: ['support', 'supervisor'] },
      params: claimRefParams,
      responses: { 200: { description: 'The claim (by its id, or a device’s MAC in any notation: its newest claim), its timeline and tasks', schema: claimResponse }, 404: { description: 'No such claim' } },
      handler: async ({ params }) => {
        const claim = await requireClaimOf(deps.db, params.claimId);
        const { trackingToken, ...rest } = claim;
        return { ...rest, trackingUrl: trackingUrl(trackingToken), tasks: await tasksOfClaim(deps.db, claim.claimId) };
      },
    }),
    defineRoute({
      method: 'GET', url: '/claims/:claimId/labels', operationId: 'getLabels', summary: 'Get the label PDFs', tag: 'shipping', access: { roles: ['shipping', 'support'] },
      params: claimIdParams,
      responses: { 200: { description: 'Links to the outbound and return label PDFs (null until bought)', schema: labelsResponse }, 404: { description: 'No such claim' } },
      handler: async ({ params }) => {
        const claim = await requireClaim(deps.db, params.claimId);
        const pick = (leg: 'outbound' | 'return') => {
          const label = claim.legs[leg];
          return label ? { carrier: label.carrier, serviceLevel: label.serviceLevel, trackingNumber: label.trackingNumber, labelUrl: label.labelUrl, ...(label.trackingUrl ? { trackingUrl: label.trackingUrl } : {}) } : null;
        };
        return { claimId: claim.claimId, outbound: pick('outbound'), return: pick('return') };
      },
    }),
    defineRoute({
      method: 'POST', url: '/claims/:claimId/address', operationId: 'correctAddress', summary: 'Correct the ship-to address', tag: 'claims', access: { roles: ['support'] },
      params: claimIdParams, body: correctAddressBody, responses: step('Address corrected; the label is bought again'),
      handler: ({ params, body, caller, request }) => correctAddress(deps, params.claimId, body, stepCaller(caller, request)),
    }),
    defineRoute({
      method: 'POST', url: '/claims/:claimId/cancel', operationId: 'cancelClaim', summary: 'Cancel a claim', tag: 'claims', access: { roles: ['support'] },
      params: claimIdParams, body: cancelBody, responses: step('Cancelled (unit released, labels voided, customer told)'),
      handler: ({ params, body, caller, request }) => cancelClaim(deps, params.claimId, body, stepCaller(caller, request)),
    }),
    defineRoute({
      method: 'POST', url: '/claims/:claimId/emergency-address', operationId: 'confirmEmergencyAddress', summary: 'Confirm where the phone will be used (E911)', tag: 'claims', access: { roles: ['support'] },
      params: claimIdParams, body: emergencyAddressBody, responses: step('The dispatchable location is confirmed; the confirm-emergency-address task closes'),
      handler: ({ params, body, caller, request }) => confirmEmergencyAddress(deps, params.claimId, body, stepCaller(caller, request)),
    }),
    defineRoute({
      method: 'POST', url: '/claims/:claimId/decision', operationId: 'decideClaim', summary: 'Approve or deny an unknown device', tag: 'claims', access: { roles: ['supervisor'] },
      params: claimIdParams, body: decisionBody, responses: step('The recorded decision'),
      handler: ({ params, body, caller, request }) => decideClaim(deps, params.claimId, body, stepCaller(caller, request)),
    }),
    defineRoute({
      method: 'POST', url: '/claims/:claimId/shipment', operationId: 'completeShipment', summary: 'Complete pick-pack-ship', tag: 'shipping', access: { roles: ['shipping'] },
      params: claimIdParams, body: shipmentBody, responses: step('Handed to the carrier; the claim is shipped'),
      handler: ({ params, body, caller, request }) => completeShipment(deps, params.claimId, body, stepCaller(caller, request)),
    }),
    defineRoute({
      method: 'POST', url: '/claims/:claimId/return-receipt', operationId: 'recordReturnReceipt', summary: 'Record a return’s receipt and inspection', tag: 'shipping', access: { roles: ['shipping'] },
      params: claimIdParams, body: returnReceiptBody, responses: step('Receipt recorded; the claim is closed'),
      handler: ({ params, body, caller, request }) => recordReturnReceipt(deps, params.claimId, body, stepCaller(caller, request)),
    }),
  ];
}
