/** Plain-check validators of the human-step Updates: reject with `field: reason` or a sentence saying why not now. */
import type { ClaimState } from '../domain/claim-view';
import { normaliseMac } from '../domain/mac';
import { cancelRefusal } from '../domain/status';
import { requiredPostalAddressFields, type ClaimStatus } from '../domain/types';
import type {
  CancelClaimInput,
  CompleteShipmentInput,
  ConfirmEmergencyAddressInput,
  CorrectAddressInput,
  ReturnReceiptInput,
  SupervisorDecisionInput,
} from './messages';

/** Throws `field: reason` unless `value` is a non-blank string. */
function requireText(field: string, value: unknown): void {
  if (typeof value !== 'string') throw new Error(`${field}: required, must be a string`);
  if (value.trim() === '') throw new Error(`${field}: must not be blank`);
}

/** Throws `field: reason` unless the input is an object. */
function requireObject(field: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${field}: required, must be an object`);
}

/** Throws `field: reason` unless `value` is a MAC in one of the sticker notations. */
function requireMac(field: string, value: unknown): void {
  requireText(field, value);
  const parsed = normaliseMac(value as string);
  if (!parsed.ok) throw new Error(`${field}: ${parsed.reason}`);
}

/** Throws unless the claim is in one of `allowed`, naming the step and the claim's status. */
function requireStatus(state: ClaimState, step: string, allowed: readonly ClaimStatus[]): void {
  if (!allowed.includes(state.status)) {
    throw new Error(`cannot ${step}: the claim is ${state.status} (allowed when ${allowed.join(' or ')})`);
  }
}

/** Supervisor decision: only while under review, with a written reason. */
export function validateSupervisorDecision(state: ClaimState, input: SupervisorDecisionInput, cancelling: boolean): void {
  requireObject('input', input);
  if (typeof input.approve !== 'boolean') throw new Error('approve: required, must be true or false');
  requireText('reason', input.reason);
  requireText('supervisor', input.supervisor);
  if (input.approve) requireText('model', input.model);
  if (cancelling) throw new Error('cannot decide: the claim is being cancelled');
  requireStatus(state, 'decide', ['under-review']);
}

/** Address correction: only while the claim waits on an address problem; the address needs its required fields. */
export function validateCorrectAddress(state: ClaimState, input: CorrectAddressInput, cancelling: boolean): void {
  requireObject('input', input);
  requireObject('shipTo', input.shipTo);
  for (const field of requiredPostalAddressFields) {
    requireText(`shipTo.${field}`, input.shipTo[field]);
  }
  requireText('correctedBy', input.correctedBy);
  if (cancelling) throw new Error('cannot correct the address: the claim is being cancelled');
  requireStatus(state, 'correct the address', ['address-problem']);
}

/** Hand-over: only while awaiting shipment, with the replacement's MAC. */
export function validateCompleteShipment(state: ClaimState, input: CompleteShipmentInput, cancelling: boolean): void {
  requireObject('input', input);
  requireMac('replacementMac', input.replacementMac);
  if (input.serial !== undefined) requireText('serial', input.serial);
  requireText('completedBy', input.completedBy);
  if (cancelling) throw new Error('cannot complete the shipment: the claim is being cancelled');
  if (state.handedOverAt) throw new Error(`cannot complete the shipment: already handed to the carrier on ${state.handedOverAt}`);
  requireStatus(state, 'complete the shipment', ['awaiting-shipment']);
}

/** Return receipt: once the replacement is out and before the claim closed, once. */
export function validateReturnReceipt(state: ClaimState, input: ReturnReceiptInput): void {
  requireObject('input', input);
  requireMac('receivedMac', input.receivedMac);
  requireText('condition', input.condition);
  if (input.notes !== undefined) requireText('notes', input.notes);
  requireText('receivedBy', input.receivedBy);
  if (state.returnReceipt) throw new Error(`cannot record the return: already received on ${state.returnReceipt.at}`);
  requireStatus(state, 'record the return', ['shipped', 'delivered', 'return-overdue', 'return-in-transit']);
}

/** Cancel: refused once the replacement was handed to the carrier, or when the claim is already finished. */
export function validateCancel(state: ClaimState, input: CancelClaimInput, cancelling: boolean): void {
  requireObject('input', input);
  requireText('reason', input.reason);
  requireText('cancelledBy', input.cancelledBy);
  const refusal = cancelRefusal(state);
  if (refusal) throw new Error(refusal);
  if (cancelling) throw new Error('cannot cancel: a cancellation is already in progress');
}

/** E911 confirmation: only while the claim's confirm-emergency-address task is open, with a note of what was agreed. */
export function validateConfirmEmergencyAddress(state: ClaimState, input: ConfirmEmergencyAddressInput): void {
  requireObject('input', input);
  requireText('note', input.note);
  requireText('confirmedBy', input.confirmedBy);
  if (!state.openTasks.some((task) => task.kind === 'confirm-emergency-address')) {
    throw new Error(`cannot confirm the emergency address: the claim has no open confirm-emergency-address task (it is ${state.status})`);
  }
}
