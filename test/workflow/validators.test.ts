/** The Update validators as pure functions: `field: reason` for bad input, a sentence for the wrong moment. */
import type { ClaimState } from '../../domain/claim-view';
import type { ClaimStatus } from '../../domain/types';
import {
  validateCancel,
  validateCompleteShipment,
  validateCorrectAddress,
  validateReturnReceipt,
  validateSupervisorDecision,
} from '../../workflows/validators';
import { request } from './support/harness';

const state = (status: ClaimStatus, extra: Partial<ClaimState> = {}): ClaimState => ({
  claimId: 'c-1', workflowId: 'claim-001565ABCDEF', request: request(), openedAt: '2026-11-29T10:00:00.000Z', status,
  shipTo: request().shipTo, legs: { outbound: { events: [] }, return: { events: [] } }, openTasks: [], nextDeadline: null,
  flags: { billing: false, escalated: false }, timeline: [], ...extra,
});
const input = <T>(value: unknown) => value as T;

test('supervisor decision: reason, supervisor and (to approve) model are required; only under review', () => {
  expect(() => validateSupervisorDecision(state('under-review'), { approve: true, reason: 'invoice', supervisor: 's', model: 'T54W' }, false)).not.toThrow();
  expect(() => validateSupervisorDecision(state('under-review'), input({ reason: 'x', supervisor: 's' }), false)).toThrow('approve: required, must be true or false');
  expect(() => validateSupervisorDecision(state('under-review'), { approve: false, reason: '', supervisor: 's' }, false)).toThrow('reason: must not be blank');
  expect(() => validateSupervisorDecision(state('under-review'), input(null), false)).toThrow('input: required, must be an object');
  expect(() => validateSupervisorDecision(state('approved'), { approve: false, reason: 'r', supervisor: 's' }, false))
    .toThrow('cannot decide: the claim is approved (allowed when under-review)');
});

test('address correction needs every required address field', () => {
  const shipTo = request().shipTo;
  expect(() => validateCorrectAddress(state('address-problem'), { shipTo, correctedBy: 'a' }, false)).not.toThrow();
  expect(() => validateCorrectAddress(state('address-problem'), input({ shipTo: { ...shipTo, postalCode: 75201 }, correctedBy: 'a' }), false))
    .toThrow('shipTo.postalCode: required, must be a string');
  expect(() => validateCorrectAddress(state('address-problem'), input({ correctedBy: 'a' }), false)).toThrow('shipTo: required, must be an object');
});

test('complete shipment: a readable MAC, only while awaiting shipment, once', () => {
  const ok = { replacementMac: 'aa-bb-cc-dd-ee-01', completedBy: 'p' };
  expect(() => validateCompleteShipment(state('awaiting-shipment'), ok, false)).not.toThrow();
  expect(() => validateCompleteShipment(state('awaiting-shipment'), { ...ok, replacementMac: 'xyz' }, false)).toThrow(/^replacementMac: must be 12 hex digits/);
  expect(() => validateCompleteShipment(state('awaiting-shipment', { handedOverAt: '2026-11-30T09:00:00.000Z' }), ok, false))
    .toThrow('cannot complete the shipment: already handed to the carrier on 2026-11-30T09:00:00.000Z');
  expect(() => validateCompleteShipment(state('backordered'), ok, false)).toThrow('cannot complete the shipment: the claim is backordered');
});

test('return receipt: after shipping, once, with a readable MAC and a condition', () => {
  const ok = { receivedMac: '001565abcdef', condition: 'defect confirmed', receivedBy: 'dock' };
  expect(() => validateReturnReceipt(state('return-in-transit'), ok)).not.toThrow();
  expect(() => validateReturnReceipt(state('awaiting-shipment'), ok)).toThrow('cannot record the return: the claim is awaiting-shipment');
  expect(() => validateReturnReceipt(state('delivered'), { ...ok, condition: ' ' })).toThrow('condition: must not be blank');
});

test('cancel: refused after hand-over with the date, refused when finished or already cancelling', () => {
  const ok = { reason: 'customer request', cancelledBy: 'agent' };
  expect(() => validateCancel(state('awaiting-shipment'), ok, false)).not.toThrow();
  expect(() => validateCancel(state('shipped', { handedOverAt: '2026-11-30T09:00:00.000Z' }), ok, false))
    .toThrow('cannot cancel: the replacement was handed to the carrier on 2026-11-30T09:00:00.000Z');
  expect(() => validateCancel(state('denied'), ok, false)).toThrow('cannot cancel: the claim is already denied');
  expect(() => validateCancel(state('approved'), ok, true)).toThrow('cannot cancel: a cancellation is already in progress');
  expect(() => validateCancel(state('approved'), { ...ok, reason: '' }, false)).toThrow('reason: must not be blank');
});
