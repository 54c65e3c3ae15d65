/**
 * The activities the claim workflow calls, as types only. Workflows import this file with `import type`,
 * so it must stay free of runtime code. `createActivities(deps)` in `activities/index.ts` implements it.
 *
 * Every activity is idempotent: running it again with the same input has the same effect as running it once.
 */
import type { ClaimChange, ClaimUpdate, OpenTaskInput, RecordClaimOpenedInput } from '../domain/claim-change';
import type { SendEmailInput, SendEmailResult } from '../notifications/input';
import type { DeviceRecord, LabelRecord, LegKind, MacAddress, PostalAddress, ReservedUnit, TaskKind } from '../domain/types';

export type { ClaimChange, ClaimUpdate, OpenTaskInput, RecordClaimOpenedInput } from '../domain/claim-change';
export type { SendEmailInput, SendEmailResult } from '../notifications/input';

/** Input of `registerReplacement`. */
export interface ReplacementInput {
  claimId: string;
  originalMac: MacAddress;
  replacementMac: MacAddress;
  serial?: string;
  model?: string;
  fallback?: { accountId: string; extension: string; purchasedOn: string };
}

/** Input of `buyLabel`. The return leg must use the same carrier as the outbound one. */
export interface BuyLabelInput {
  claimId: string;
  leg: LegKind;
  shipTo: PostalAddress;
  /** For the return leg: the carrier of the outbound label. */
  carrier?: string;
}

/** Everything the claim workflow may ask the outside world to do. */
export interface ClaimActivities {
  /** Creates the claim in the read model (idempotent: inserted once by claimId) and returns the customer tracking token. */
  recordClaimOpened(input: RecordClaimOpenedInput): Promise<{ trackingToken: string }>;
  /** Projects one change of the claim's state onto the read model (the only writer of a claim after its opening). */
  projectClaim(input: ClaimChange): Promise<void>;
  /** Reads the device registry (pure read). */
  lookupDevice(input: { mac: MacAddress }): Promise<DeviceRecord | null>;
  /** Legacy (claims started before the `claim-projection` patch): one change with one timeline entry. */
  updateClaim(input: ClaimUpdate): Promise<void>;
  /** Reserves a grade-A unit (same model, else similar); a retry returns the unit already reserved for the claim. */
  reserveUnit(input: { claimId: string; model: string }): Promise<ReservedUnit | null>;
  /** Puts the claim's reserved unit back in stock (no-op when none is reserved). */
  releaseUnit(input: { claimId: string }): Promise<void>;
  /** The claim's reserved unit left stock with the replacement (no-op when none is reserved). */
  markUnitShipped(input: { claimId: string }): Promise<void>;
  /**
   * Adds the replacement to the device registry, linked to the original (upsert by MAC). `model` is the unit shipped
   * and `fallback` what to record when the original is not in the registry (both absent in claims started before
   * the `claim-projection` patch: then read from the claim).
   */
  registerReplacement(input: ReplacementInput): Promise<void>;
  /** Legacy: opens a task (upsert by claimId + kind); newer claims project their tasks. */
  openTask(input: OpenTaskInput): Promise<{ taskId: string }>;
  /** Legacy: closes the claim's open task of that kind (no-op when already closed). */
  closeTask(input: { claimId: string; kind: TaskKind; outcome: string }): Promise<void>;
  /** Buys a label for one leg, exactly once per (claimId, leg). Invalid address → non-retryable `InvalidAddress`. */
  buyLabel(input: BuyLabelInput): Promise<LabelRecord>;
  /** Voids (refunds) the claim's label for that leg; no-op when none or already voided. */
  voidLabel(input: { claimId: string; leg: LegKind }): Promise<{ voided: boolean }>;
  /** Sends one customer email, exactly once per (claimId, kind, sequence). */
  sendCustomerEmail(input: SendEmailInput): Promise<SendEmailResult>;
}
