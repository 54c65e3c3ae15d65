/** The claim workflow's input and the state its `claimState` Query returns (plain types, shared with clients). */
import type { ClaimPolicy, ClaimPolicySummary } from './policy';
import type {
  ClaimRequest,
  ClaimStatus,
  DeviceRecord,
  EligibilityDecision,
  IsoInstant,
  LabelRecord,
  MacAddress,
  PostalAddress,
  ReservedUnit,
  TaskKind,
  TimelineEntry,
  TrackingEvent,
  TrackingStatus,
} from './types';

/**
 * What starts a claim workflow. `policy` is the policy the claim keeps for its whole life: the configured one with
 * its version and closed days (client/claims.ts), or overrides of the defaults (e.g. compressed for a benchmark).
 */
export interface ClaimWorkflowInput {
  claimId: string;
  request: ClaimRequest;
  openedAt: IsoInstant;
  policy?: Partial<ClaimPolicy>;
  /** The registry's answer for the device, read by the opener just before the start (absent: the workflow reads it). */
  device?: DeviceLookup;
  /**
   * The customer page's token, made by the opener (it names the claim: data/claim-index.ts `newTrackingToken`), so the
   * answer to support carries it before the read model exists (absent: the opening makes one).
   */
  trackingToken?: string;
}

/** What the registry said of a claim's device: its record (null: unknown), or why the record could not be read. */
export interface DeviceLookup {
  device: DeviceRecord | null;
  registryProblem?: string;
}

/** One shipment of the claim as a UI shows it. */
export interface LegView {
  label?: LabelRecord;
  /** Latest status in carrier order (never moves back). */
  trackingStatus?: TrackingStatus;
  /** Every distinct event received, in arrival order. */
  events: TrackingEvent[];
  voided?: boolean;
}

/** A task the claim is waiting on. */
export interface OpenTaskView {
  kind: TaskKind;
  slaDueAt: IsoInstant;
  summary: string;
}

/** What the shipping department recorded on receipt of the defective device. */
export interface ReturnReceipt {
  receivedMac: MacAddress;
  macMatches: boolean;
  condition: string;
  notes?: string;
  receivedBy: string;
  at: IsoInstant;
}

/** Everything a UI needs about one claim (the `claimState` Query). */
export interface ClaimState {
  claimId: string;
  workflowId: string;
  request: ClaimRequest;
  openedAt: IsoInstant;
  status: ClaimStatus;
  trackingToken?: string;
  device?: DeviceRecord | null;
  decision?: EligibilityDecision;
  /** The model to replace: from the registry, or given by the supervisor for an unknown device. */
  model?: string;
  unit?: ReservedUnit | null;
  shipTo: PostalAddress;
  legs: { outbound: LegView; return: LegView };
  openTasks: OpenTaskView[];
  nextDeadline: { kind: string; at: IsoInstant } | null;
  handedOverAt?: IsoInstant;
  replacementMac?: MacAddress;
  replacementSerial?: string;
  returnReceipt?: ReturnReceipt;
  cancellation?: { reason: string; cancelledBy: string; at: IsoInstant };
  flags: { billing: boolean; escalated: boolean };
  timeline: TimelineEntry[];
  /** The policy the claim runs under (the one it started with). */
  policy?: ClaimPolicySummary;
}
