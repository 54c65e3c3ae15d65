/**
 * The activities the claim workflow calls, as types only. Workflows import this file with `import type`,
 * so it must stay free of runtime code. `createActivities(deps)` in `activities/index.ts` implements it.
 *
 * Every activity is idempotent: running it again with the same input has the same effect as running it once.
 */
import type { ClaimChange, ClaimUpdate, OpenTaskInput, RecordClaimOpenedInput } from '../domain/claim-change';
import type { SendEmailInput, SendEmailResult } from '../notifications/input';
import type { EmergencyAddress } from '../domain/emergency-address';
import type { DeviceRecord, LabelRecord, LegKind, MacAddress, PostalAddress, ReservedUnit, TaskKind } from '../domain/types';

export type { ClaimChange, ClaimUpdate, OpenTaskInput, RecordClaimOpenedInput } from '../domain/claim-change';
export type { EmailClaimFacts, SendEmailInput, SendEmailResult } from '../notifications/input';

/** Input of `registerReplacement`. */
export interface ReplacementInput {
  claimId: string;
  originalMac: MacAddress;
  replacementMac: MacAddress;
  serial?: string;
  model?: string;
  fallback?: { accountId: string; extension: string; purchasedOn: string };
  /** The original as the claim's lookup read it (null: not in the registry), which saves reading it again. */
  original?: DeviceRecord | null;
}

/** Input of `buyLabel`. The return leg must use the same carrier as the outbound one. */
export interface BuyLabelInput {
  claimId: string;
  leg: LegKind;
  shipTo: PostalAddress;
  /** For the return leg: the carrier of the outbound label. */
  carrier?: string;
}

/** Input of `buyLabelPair`: both legs of a claim, to and from `shipTo` (the return on the outbound label's carrier). */
export interface BuyLabelPairInput {
  claimId: string;
  shipTo: PostalAddress;
}

/** Both labels bought by `buyLabelPair`; `return` absent: the carrier refused the return leg (buy it with `buyLabel`, which reports the refusal). */
export interface LabelPairRecord {
  outbound: LabelRecord;
  return?: LabelRecord;
}

/** Input of `provisionReplacement` and `releaseDefective`: one claim's move of an extension to the replacement's MAC. */
export interface IdentityMoveInput {
  claimId: string;
  accountId: string;
  extension: string;
  originalMac: MacAddress;
  replacementMac: MacAddress;
  /** The replacement's model (its manufacturer picks the configuration format). */
  model: string;
}

/** What a phase of the move did: one line per step, or that no provisioning is configured (`PROVISIONING_MODE=off`). */
export interface IdentityPhaseResult {
  configured: boolean;
  report: string[];
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
  /**
   * Reserves a grade-A unit (same model, else similar); a retry returns the unit already reserved for the claim.
   * `neverWaited`: the claim was never put on the waiting list (its first attempt), so it holds no unit and there is
   * nothing to take off the list.
   */
  reserveUnit(input: { claimId: string; model: string; neverWaited?: boolean }): Promise<ReservedUnit | null>;
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
  /**
   * Buys both labels of a claim, exactly once per leg, with the database writes of the two batched. A refusal of the
   * outbound leg fails as `buyLabel` fails; a refused return leg is left out of the result.
   */
  buyLabelPair(input: BuyLabelPairInput): Promise<LabelPairRecord>;
  /** Voids (refunds) the claim's label for that leg; no-op when none or already voided. */
  voidLabel(input: { claimId: string; leg: LegKind }): Promise<{ voided: boolean }>;
  /** Sends one customer email, exactly once per (claimId, kind, sequence). */
  sendCustomerEmail(input: SendEmailInput): Promise<SendEmailResult>;
  /** The extension's registered emergency (E911) address, or null when the registry holds none (pure read). */
  lookupEmergencyAddress(input: { accountId: string; extension: string }): Promise<EmergencyAddress | null>;
  /**
   * Puts the extension's configuration on the replacement's MAC and registers the MAC with the redirect service.
   * No record or template → non-retryable `InvalidData`; the provider's refusal → `ProvisioningRejected`.
   */
  provisionReplacement(input: IdentityMoveInput): Promise<IdentityPhaseResult>;
  /** Rotates the extension's SIP credentials (once per claim) and removes the defective MAC's configuration and redirect entry. */
  releaseDefective(input: IdentityMoveInput): Promise<IdentityPhaseResult>;
}
