/**
 * The activities the claim workflow calls, as types only. Workflows import this file with `import type`,
 * so it must stay free of runtime code. `createActivities(deps)` in `activities/index.ts` implements it.
 *
 * Every activity is idempotent: running it again with the same input has the same effect as running it once.
 */
import type {
  ClaimRequest,
  ClaimStatus,
  DeviceRecord,
  EmailKind,
  IsoInstant,
  LabelRecord,
  LegKind,
  MacAddress,
  PostalAddress,
  ReservedUnit,
  TaskKind,
  TimelineEntry,
  EligibilityDecision,
} from '../domain/types';
import type { ClaimPolicySummary } from '../domain/policy';

/** Input of `recordClaimOpened`. */
export interface RecordClaimOpenedInput {
  claimId: string;
  workflowId: string;
  request: ClaimRequest;
  openedAt: IsoInstant;
  /** The policy the claim runs under (absent on claims started before it was recorded). */
  policy?: ClaimPolicySummary;
}

/** A change to the claims read model: new status and/or fields, plus one timeline entry keyed for idempotency. */
export interface ClaimUpdate {
  claimId: string;
  entry: TimelineEntry;
  status?: ClaimStatus;
  decision?: EligibilityDecision;
  unit?: ReservedUnit | null;
  label?: LabelRecord;
  shipTo?: PostalAddress;
  replacementMac?: MacAddress;
  nextDeadline?: { kind: string; at: IsoInstant } | null;
  flags?: { billing?: boolean; escalated?: boolean };
}

/** Input of `openTask`. */
export interface OpenTaskInput {
  claimId: string;
  kind: TaskKind;
  slaDueAt: IsoInstant;
  summary: string;
}

/** Input of `buyLabel`. The return leg must use the same carrier as the outbound one. */
export interface BuyLabelInput {
  claimId: string;
  leg: LegKind;
  shipTo: PostalAddress;
  /** For the return leg: the carrier of the outbound label. */
  carrier?: string;
}

/** Input of `sendCustomerEmail`: exactly once per (claimId, kind, sequence). */
export interface SendEmailInput {
  claimId: string;
  kind: EmailKind;
  sequence: number;
  to: string;
  locale?: string;
  timeZone?: string;
  /** Template data (tracking number, link, deadline, reason…). */
  data: Record<string, string | number | boolean | null>;
}

/**
 * Result of `sendCustomerEmail`. `rejected` is a permanent SMTP refusal, recorded on the claim. `unconfirmed`: an
 * earlier attempt died after handing the message to SMTP and before recording the outcome; it is not resent
 * (at most once in that window), and the workflow records it on the timeline for support to check.
 */
export interface SendEmailResult {
  status: 'sent' | 'already-sent' | 'rejected' | 'unconfirmed';
  messageId?: string;
  reason?: string;
}

/** Everything the claim workflow may ask the outside world to do. */
export interface ClaimActivities {
  /** Creates the read-model document (idempotent: upsert by claimId) and returns the customer tracking token. */
  recordClaimOpened(input: RecordClaimOpenedInput): Promise<{ trackingToken: string }>;
  /** Reads the device registry (pure read). */
  lookupDevice(input: { mac: MacAddress }): Promise<DeviceRecord | null>;
  /** Applies a change to the read model; the timeline entry is keyed, so a retry adds nothing. */
  updateClaim(input: ClaimUpdate): Promise<void>;
  /** Reserves a grade-A unit (same model, else similar); a retry returns the unit already reserved for the claim. */
  reserveUnit(input: { claimId: string; model: string }): Promise<ReservedUnit | null>;
  /** Puts the claim's reserved unit back in stock (no-op when none is reserved). */
  releaseUnit(input: { claimId: string }): Promise<void>;
  /** Adds the replacement to the device registry, linked to the original (upsert by MAC). */
  registerReplacement(input: { claimId: string; originalMac: MacAddress; replacementMac: MacAddress; serial?: string }): Promise<void>;
  /** Opens a task (upsert by claimId + kind). */
  openTask(input: OpenTaskInput): Promise<{ taskId: string }>;
  /** Closes the claim's open task of that kind (no-op when already closed). */
  closeTask(input: { claimId: string; kind: TaskKind; outcome: string }): Promise<void>;
  /** Buys a label for one leg, exactly once per (claimId, leg). Invalid address → non-retryable `InvalidAddress`. */
  buyLabel(input: BuyLabelInput): Promise<LabelRecord>;
  /** Voids (refunds) the claim's label for that leg; no-op when none or already voided. */
  voidLabel(input: { claimId: string; leg: LegKind }): Promise<{ voided: boolean }>;
  /** Sends one customer email, exactly once per (claimId, kind, sequence). */
  sendCustomerEmail(input: SendEmailInput): Promise<SendEmailResult>;
}
