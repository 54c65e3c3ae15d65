/**
 * Every Signal, Update and Query of the claim workflow, defined once and shared by the workflow and its
 * clients (API, CLI, webhook handler). No Node imports here: this file is bundled into workflow code.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ClaimState, ReturnReceipt } from '../domain/claim-view';
import type { ClaimStatus, EligibilityDecision, IsoInstant, PostalAddress, TrackingEvent } from '../domain/types';

export type { ClaimState, ClaimWorkflowInput } from '../domain/claim-view';

/** A carrier tracking event for either leg (deduplicated by `eventId` in the workflow). */
export const trackingEventSignal = defineSignal<[TrackingEvent]>('trackingEvent');

/** Stock of a model arrived; back-ordered claims waiting for that model try to reserve again. */
export const restockedSignal = defineSignal<[{ model: string }]>('restocked');

/** One download of the return label from the customer's tracking page, numbered by the API per claim and day. */
export interface ReturnLabelReprint {
  /** `YYYY-MM-DD-n`: the n-th reprint of that UTC day (the key of its timeline entry). */
  reprintId: string;
  at: IsoInstant;
  /** How many reprints the customer may download per day. */
  dailyLimit: number;
}

/** The customer printed the return label again; the workflow logs it on the claim's timeline. */
export const returnLabelReprintedSignal = defineSignal<[ReturnLabelReprint]>('returnLabelReprinted');

/** A supervisor's decision on a claim whose device the registry does not know. */
export interface SupervisorDecisionInput {
  approve: boolean;
  /** Written reason kept on the claim (e.g. "proof of purchase: invoice 1234"). */
  reason: string;
  supervisor: string;
  /** The device's model (required when approving: the registry does not know the device). */
  model?: string;
}

/** Support's corrected ship-to address for a claim in `address-problem`. */
export interface CorrectAddressInput {
  shipTo: PostalAddress;
  correctedBy: string;
}

/** The shipping department handed the replacement to the carrier. */
export interface CompleteShipmentInput {
  /** The replacement's MAC in any of the four sticker notations. */
  replacementMac: string;
  serial?: string;
  completedBy: string;
}

/** The shipping department received and inspected the defective device. */
export interface ReturnReceiptInput {
  /** The MAC read off the returned device, in any of the four sticker notations. */
  receivedMac: string;
  /** Inspection result, e.g. "defect confirmed", "physical damage", "no fault found". */
  condition: string;
  notes?: string;
  receivedBy: string;
}

/** Support cancels the claim (allowed until the replacement is handed to the carrier). */
export interface CancelClaimInput {
  reason: string;
  cancelledBy: string;
}

/** Result of a human-step Update: the claim's status once the step has been applied. */
export interface StepResult {
  status: ClaimStatus;
  at: IsoInstant;
}

/** Supervisor approves or denies a claim under review; returns the recorded decision. */
export const supervisorDecisionUpdate = defineUpdate<EligibilityDecision, [SupervisorDecisionInput]>('supervisorDecision');

/** Support corrects the ship-to address; the label purchase is retried with it. */
export const correctAddressUpdate = defineUpdate<StepResult, [CorrectAddressInput]>('correctAddress');

/** Shipping task completed: the replacement (MAC/serial) is handed to the carrier. */
export const completeShipmentUpdate = defineUpdate<StepResult, [CompleteShipmentInput]>('completeShipment');

/** The defective device arrived and was inspected; the claim closes. */
export const recordReturnReceiptUpdate = defineUpdate<ReturnReceipt, [ReturnReceiptInput]>('recordReturnReceipt');

/** Cancels the claim with compensation (unit released, labels voided, customer told). */
export const cancelClaimUpdate = defineUpdate<StepResult, [CancelClaimInput]>('cancelClaim');

/**
 * Returns the claim's state. Sent with update-with-start when a claim is opened, so the caller learns in one round
 * trip which claim it got: the new one, or the device's claim that was already open.
 */
export const claimSnapshotUpdate = defineUpdate<ClaimState>('claimSnapshot');

/** Everything a UI needs about the claim. */
export const claimStateQuery = defineQuery<ClaimState>('claimState');
