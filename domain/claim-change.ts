/**
 * What the claim workflow tells the read model: the claim's opening, then each change to its state. The workflow
 * owns the claim's state; the read model is a projection of it written through these two shapes only.
 * Plain types (imported by workflow code).
 */
import type { ClaimPolicySummary } from './policy';
import type {
  ClaimRequest, ClaimStatus, EligibilityDecision, IsoInstant, LabelRecord, LegKind, MacAddress, PostalAddress, ReservedUnit, TaskKind,
  TimelineEntry,
} from './types';

/** A claim coming into existence (input of `recordClaimOpened`). */
export interface RecordClaimOpenedInput {
  claimId: string;
  workflowId: string;
  request: ClaimRequest;
  openedAt: IsoInstant;
  /** The device's model when the registry knows it (saves the read model a registry read). */
  model?: string;
  /** The policy the claim runs under (absent on claims started before it was recorded). */
  policy?: ClaimPolicySummary;
  /** The customer page's token the opener made (it must name this claim); absent: the opening makes one. */
  trackingToken?: string;
  /**
   * The claim joins the working set at its opening and is filed under every list when it finishes (support finds it
   * in the working set until then); absent: its search lists are filed at the opening or by the next change.
   */
  filedAtClose?: true;
  /**
   * The claim's first change (its decision), stored with the claim (claims under the `answer-at-decision` patch): the
   * claim appears already decided. Such a claim is filed under its search lists by its next change (`fileOpened`).
   */
  change?: ClaimChangeFields;
}

/** A deadline the claim waits for, as support reads it. */
export interface ClaimDeadline {
  kind: string;
  at: IsoInstant;
}

/** A task the claim opens (or opens again for a new round: a second address problem reopens `fix-address`). */
export interface TaskOpening {
  kind: TaskKind;
  slaDueAt: IsoInstant;
  summary: string;
  /** 1 the first time the claim opens a task of this kind, then 2, 3… (a task opened again in the same round is updated). */
  round: number;
  openedAt: IsoInstant;
}

/** A task the claim closes, with its outcome (`cancelled` marks it cancelled, anything else done). */
export interface TaskClosing {
  kind: TaskKind;
  outcome: string;
  closedAt: IsoInstant;
}

/**
 * One change to a claim's read model (input of `projectClaim`): only the fields that changed, the timeline entries
 * added (keyed: a retried change adds nothing) and the tasks opened or closed. Applying it twice is applying it once.
 */
export interface ClaimChange extends ClaimChangeFields {
  claimId: string;
  /** The first change after an opening that carried a change: it files the claim under its search lists too. */
  fileOpened?: true;
}

/** What one change may set on a claim (see `ClaimChange`). */
export interface ClaimChangeFields {
  status?: ClaimStatus;
  decision?: EligibilityDecision;
  model?: string;
  unit?: ReservedUnit | null;
  labels?: Partial<Record<LegKind, LabelRecord>>;
  shipTo?: PostalAddress;
  replacementMac?: MacAddress;
  handedOverAt?: IsoInstant;
  nextDeadline?: ClaimDeadline | null;
  flags?: { billing?: boolean; escalated?: boolean };
  tasksOpened?: TaskOpening[];
  tasksClosed?: TaskClosing[];
  timeline?: TimelineEntry[];
}

/** Input of the `updateClaim` activity that claims started before the `claim-projection` patch still call. */
export interface ClaimUpdate {
  claimId: string;
  entry: TimelineEntry;
  status?: ClaimStatus;
  decision?: EligibilityDecision;
  unit?: ReservedUnit | null;
  label?: LabelRecord;
  shipTo?: PostalAddress;
  replacementMac?: MacAddress;
  nextDeadline?: ClaimDeadline | null;
  flags?: { billing?: boolean; escalated?: boolean };
}

/** Input of the `openTask` activity that claims started before the `claim-projection` patch still call. */
export interface OpenTaskInput {
  claimId: string;
  kind: TaskKind;
  slaDueAt: IsoInstant;
  summary: string;
}
