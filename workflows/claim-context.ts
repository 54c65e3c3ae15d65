/** The running claim: its state, policy, inbox, cancel guard and recorder, and the helpers every step uses. */
import { ActivityFailure, ApplicationFailure, condition, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { ClaimState, ClaimWorkflowInput } from '../domain/claim-view';
import type { EmailClaimFacts } from '../activities/contract';
import type { EmergencyAddress } from '../domain/emergency-address';
import { emailOutcomeKey } from '../domain/email-outcomes';
import { FailureTypes, type FailureType } from '../domain/failures';
import { policySummary, resolvePolicy, type ClaimPolicy } from '../domain/policy';
import { assertTransition } from '../domain/status';
import type { ClaimStatus, EmailKind, LegKind, TaskKind } from '../domain/types';
import { localMailer, mailer } from './activity-presets';
import { CancelGuard } from './cancel-guard';
import { CLAIM_PROJECTION_PATCH, ClaimRecorder, type RecordOptions } from './claim-recorder';
import { ClaimStatusAttribute, DeviceMacAttribute, ExtensionAttribute } from './search-attributes';

/**
 * Patch id of the leaner history (emails as local activities, search attributes only when the searchable status
 * changes). Claims started before it replay the old way; remove the old path once none of them is open.
 */
export const LEAN_HISTORY_PATCH = 'lean-history';

/**
 * Patch id of carrier-failure routing: a `CarrierConfiguration` refusal (the carrier refuses the product's
 * credentials) no longer asks support to fix a correct address; the claim waits, re-trying every
 * `carrierRetryEvery`, and continues by itself (operations are alerted by the worker's metric, log and /readyz).
 * Checked when the claim starts, like every patch of the claim (a patch marker recorded after a local activity that
 * ended its workflow task does not replay): claims started before it keep the old path.
 */
export const CARRIER_FAILURE_ROUTING_PATCH = 'carrier-failure-routing';

/**
 * Patch id of the device identity move: the ship-to is checked against the extension's E911 address before
 * hand-over; after hand-over the replacement's MAC is provisioned and, once it came online (or the claim ends), the
 * defective MAC released and the SIP credentials rotated (workflows/provisioning-step.ts). Claims started before it
 * keep the old path.
 */
export const DEVICE_IDENTITY_PATCH = 'device-identity';

/**
 * Patch id of fewer writes per claim: the return label is bought straight after the outbound one and both reach
 * the read model in the one projection before the claim waits for its hand-over (a refusal of the return leg
 * projects the outbound label with the address problem); the first reservation attempt tells the stock that the
 * claim never waited for a restock (nothing to take off the waiting list). Claims started before it project the
 * outbound label before buying the return one and always clear the waiting list.
 */
export const FEWER_WRITES_PATCH = 'fewer-writes';

/**
 * Patch id of the answer at decision: the device is looked up and the claim decided before its read model exists,
 * which is then created already decided (one `recordClaimOpened` carrying the decision; the search lists are filed
 * by the next projection), and the first email is a regular activity, so the first workflow task (whose end answers
 * support's `POST /claims`) holds only the device lookup and the opening. Claims started before it open the read model
 * first, decide in it, and send that email as a local activity in the same task.
 */
export const ANSWER_AT_DECISION_PATCH = 'answer-at-decision';

/**
 * Patch id of fewer round trips, and of one patch marker per claim: the reservation reaches the read model with both
 * labels, in the one projection before the claim waits for its hand-over (the outbound label is bought without
 * projecting the reservation first), and the hand-over registers the replacement from the device record the claim
 * looked up (no second registry read). A claim started under it also takes every earlier patch's path without
 * checking that patch: each `patched()` call costs two history events (its marker, and the `TemporalChangeVersion`
 * upsert Temporal Core adds), so a new claim's history carries this marker alone. Claims started before it check
 * each earlier patch as they did, project the reservation before buying the outbound label and let the registration
 * read the original.
 */
export const FEWER_ROUND_TRIPS_PATCH = 'fewer-round-trips';

/**
 * Patch id of the device given at opening: the claim takes the registry's answer its opener read just before the
 * start (`ClaimWorkflowInput.device`, the API's `POST /claims`) instead of reading the registry in its first workflow
 * task, so the task that answers support holds one local activity (the claim's opening) instead of two. A claim
 * whose input has no answer reads the registry as before. Checked first, it stands for every earlier patch (one
 * marker per claim, as FEWER_ROUND_TRIPS_PATCH explains); claims started before it check FEWER_ROUND_TRIPS_PATCH.
 */
export const DEVICE_GIVEN_PATCH = 'device-given';

/**
 * Patch id of the answer before the opening: when the opener made the customer page's token (`ClaimWorkflowInput.
 * trackingToken`: `POST /claims`, which answers at the claim's start), the claim's read model is created by a regular
 * activity that the first workflow task schedules, so that task holds no activity at all (an opener that waits for
 * it, update-with-start, waits for no database write). That opening also puts the claim in the working set, and its
 * lists are filed when it finishes (`filedAtClose`), so no later projection files it. The first email follows as a
 * local activity in the next task, once the read model exists. A claim whose input has no token opens as under
 * DEVICE_GIVEN_PATCH. Checked first, it stands for every earlier patch (one marker per claim, as
 * FEWER_ROUND_TRIPS_PATCH explains); claims started before it check DEVICE_GIVEN_PATCH.
 */
export const ANSWER_BEFORE_OPENING_PATCH = 'answer-before-opening';

/**
 * Patch id of the labels bought together: a claim that has neither label yet buys both with one activity
 * (`buyLabelPair`), whose database writes for the two legs are batched (three commands for the pair instead of
 * three per leg). A refusal is routed as the outbound leg's, and a refused return leg is bought on its own after it,
 * by the per-leg loop, which routes that refusal. It stands for every earlier patch (one marker per claim); claims
 * started before it check ANSWER_BEFORE_OPENING_PATCH and buy the legs one by one.
 */
export const LABELS_TOGETHER_PATCH = 'labels-together';

/**
 * Patch id of email outcomes kept by the claim: a sent email is recorded on the claim's timeline
 * (`email-sent-<kind>-<sequence>`, projected with the claim's next change), and the email activity is told so
 * (`outcomeOnClaim`): it writes no outcome of its own for a first attempt that SMTP accepted (one database command per
 * email instead of two). A retry of an attempt cut off after the send reads that entry to answer `already-sent`.
 * Checked first, it stands for every earlier patch (one marker per claim); claims started before it check
 * LABELS_TOGETHER_PATCH and their emails write their outcome on the outbox record.
 */
export const EMAIL_OUTCOMES_ON_CLAIM_PATCH = 'email-outcomes-on-claim';

/** Statuses the workflow passes through within one task: not upserted as ClaimStatus (the next status follows at once). */
const TRANSIENT_STATUSES: readonly ClaimStatus[] = ['return-received'];

/** How a status change is recorded: its timeline key (default `status-<status>`), who did it, and the fields it changes. */
export interface StatusOptions extends RecordOptions {
  key?: string;
}

/** What the claim's Signal and Update handlers tell the waiting steps. */
export interface ClaimInbox {
  /** Restock signals that may concern this claim. */
  restocks: number;
  /** Address corrections received, and who made the last one. */
  addressCorrections: number;
  addressCorrectedBy?: string;
  /** Who handed the replacement to the carrier (from the completeShipment Update). */
  shippedBy?: string;
  /** When the replacement first fetched its configuration (the replacementOnline Signal). */
  replacementOnlineAt?: string;
  /** Tracking events already applied (dropped when delivered again). */
  readonly seenEventIds: Set<string>;
}

/**
 * The running claim: its state (what the Query returns), the policy it runs under, what its handlers received,
 * the cancel guard and the recorder that projects every change on the read model.
 */
export class ClaimRun {
  readonly state: ClaimState;
  readonly policy: ClaimPolicy;
  readonly inbox: ClaimInbox = { restocks: 0, addressCorrections: 0, seenEventIds: new Set() };
  readonly cancel = new CancelGuard();
  readonly recorder: ClaimRecorder;
  /** Legs whose label purchase was started (a cancel voids them even when the purchase was interrupted). */
  readonly labelPurchasesStarted = new Set<LegKind>();
  /** Started under the `lean-history` patch (see LEAN_HISTORY_PATCH). */
  readonly lean: boolean;
  /** Started under the `claim-projection` patch (see CLAIM_PROJECTION_PATCH). */
  readonly projected: boolean;
  /** Started under the `carrier-failure-routing` patch (see CARRIER_FAILURE_ROUTING_PATCH). */
  readonly carrierFailuresRouted: boolean;
  /** Started under the `device-identity` patch (see DEVICE_IDENTITY_PATCH). */
  readonly identityMoved: boolean;
  /** Started under the `fewer-writes` patch (see FEWER_WRITES_PATCH). */
  readonly fewerWrites: boolean;
  /** Started under the `answer-at-decision` patch (see ANSWER_AT_DECISION_PATCH). */
  readonly answersAtDecision: boolean;
  /** Started under the `fewer-round-trips` patch (see FEWER_ROUND_TRIPS_PATCH). */
  readonly fewerRoundTrips: boolean;
  /** Started under the `device-given` patch (see DEVICE_GIVEN_PATCH). */
  readonly deviceGiven: boolean;
  /** Started under the `labels-together` patch (see LABELS_TOGETHER_PATCH). */
  readonly labelsTogether: boolean;
  /** Started under the `email-outcomes-on-claim` patch (see EMAIL_OUTCOMES_ON_CLAIM_PATCH). */
  readonly emailOutcomesOnClaim: boolean;
  /** Opened off the answering task: under the `answer-before-opening` patch with a token given (ANSWER_BEFORE_OPENING_PATCH). */
  readonly opensOffTask: boolean;
  /** The claim's read model was created (by `recordOpened`). */
  opened = false;
  /** How far the identity move got: the replacement provisioned, the defective MAC released. */
  readonly identity = { assigned: false, released: false };
  /** The extension's registered emergency address, when the registry holds one (read before hand-over). */
  emergencyAddress?: EmergencyAddress;

  constructor(readonly input: ClaimWorkflowInput) {
    // Checked first: a claim started under the newest patch takes every earlier path with its one marker (see
    // FEWER_ROUND_TRIPS_PATCH); claims started before it check the one before, which stands for the earlier ones.
    this.emailOutcomesOnClaim = patched(EMAIL_OUTCOMES_ON_CLAIM_PATCH);
    this.labelsTogether = this.emailOutcomesOnClaim || patched(LABELS_TOGETHER_PATCH);
    const answersBeforeOpening = this.labelsTogether || patched(ANSWER_BEFORE_OPENING_PATCH);
    this.deviceGiven = answersBeforeOpening || patched(DEVICE_GIVEN_PATCH);
    this.fewerRoundTrips = this.deviceGiven || patched(FEWER_ROUND_TRIPS_PATCH);
    const earlier = (patchId: string) => this.fewerRoundTrips || patched(patchId);
    this.lean = earlier(LEAN_HISTORY_PATCH);
    this.projected = earlier(CLAIM_PROJECTION_PATCH);
    this.carrierFailuresRouted = earlier(CARRIER_FAILURE_ROUTING_PATCH);
    this.identityMoved = earlier(DEVICE_IDENTITY_PATCH);
    this.fewerWrites = earlier(FEWER_WRITES_PATCH);
    this.answersAtDecision = earlier(ANSWER_AT_DECISION_PATCH);
    this.policy = resolvePolicy(input.policy);
    this.state = {
      claimId: input.claimId,
      workflowId: workflowInfo().workflowId,
      request: input.request,
      openedAt: input.openedAt,
      status: 'received',
      shipTo: input.request.shipTo,
      legs: { outbound: { events: [] }, return: { events: [] } },
      openTasks: [],
      nextDeadline: null,
      flags: { billing: false, escalated: false },
      timeline: [],
      policy: policySummary(this.policy),
    };
    this.opensOffTask = answersBeforeOpening && input.trackingToken !== undefined;
    if (this.opensOffTask) this.state.trackingToken = input.trackingToken;
    this.recorder = new ClaimRecorder(this.state, this.projected);
  }

  /**
   * Creates the claim's read model and learns its tracking token: with the device's model when the claim is projected,
   * under the answer-at-decision patch with every change recorded so far (its decision), and off the answering task
   * with the token the opener made (`opensOffTask`).
   */
  async recordOpened(): Promise<void> {
    const { input, state } = this;
    const opening = {
      claimId: input.claimId, workflowId: state.workflowId, request: input.request, openedAt: input.openedAt, policy: state.policy,
      ...(this.projected && state.model ? { model: state.model } : {}), ...(this.opensOffTask ? { trackingToken: input.trackingToken, filedAtClose: true as const } : {}),
    };
    const opened = await this.recorder.open(opening, { withChanges: this.answersAtDecision, offTask: this.opensOffTask });
    state.trackingToken = opened.trackingToken;
    this.opened = true;
  }

  /** Records a notable event (no status change) on the read model; the key makes a retry add nothing. */
  record(key: string, message: string, options: RecordOptions = {}): Promise<void> {
    return this.recorder.record(key, message, options);
  }

  /** Moves the claim to a new status (checked against the allowed transitions), keyed `status-<status>` unless given. */
  async setStatus(status: ClaimStatus, message: string, options: StatusOptions = {}): Promise<void> {
    const { key = `status-${status}`, ...fields } = options;
    if (status !== this.state.status) assertTransition(this.state.status, status);
    this.state.status = status;
    if (!this.lean || !TRANSIENT_STATUSES.includes(status)) this.upsertSearchAttributes();
    await this.recorder.record(key, message, { ...fields, status });
  }

  /** Opens (or re-opens) a task and shows it on the claim. */
  openTask(kind: TaskKind, slaDueAt: number, summary: string): Promise<void> {
    return this.recorder.openTask(kind, slaDueAt, summary);
  }

  /** Closes the claim's task of that kind (no-op when not open). */
  closeTask(kind: TaskKind, outcome: string): Promise<void> {
    return this.recorder.closeTask(kind, outcome);
  }

  /**
   * Upserts ClaimStatus, DeviceMac and Extension (when the policy enables search attributes); under the lean patch
   * only what differs from the attributes the workflow already carries (the client sets all three at start).
   */
  upsertSearchAttributes(): void {
    if (!this.policy.searchAttributes) return;
    const wanted = [
      { key: ClaimStatusAttribute, value: this.state.status },
      { key: DeviceMacAttribute, value: this.state.request.mac },
      { key: ExtensionAttribute, value: this.state.request.extension },
    ];
    if (!this.lean) {
      upsertSearchAttributes(wanted);
      return;
    }
    const current = workflowInfo().typedSearchAttributes;
    const changed = wanted.filter(({ key, value }) => current.get(key) !== value);
    if (changed.length > 0) upsertSearchAttributes(changed);
  }

  /**
   * Sends a customer email once per (kind, sequence); a refusal or give-up is recorded on the timeline, never thrown.
   * `offTask`: as a regular activity even under the lean patch (the workflow task ends while it is sent).
   */
  async email(kind: EmailKind, sequence: number, data: Record<string, string | number | boolean | null> = {}, options: { offTask?: boolean } = {}): Promise<void> {
    const { contact, mac, extension } = this.state.request;
    try {
      const result = await (this.lean && !options.offTask ? localMailer : mailer).sendCustomerEmail({
        claimId: this.state.claimId, kind, sequence, to: contact.email,
        ...(contact.locale ? { locale: contact.locale } : {}), ...(contact.timeZone ? { timeZone: contact.timeZone } : {}),
        data: { claimId: this.state.claimId, customerName: contact.name, mac, extension, ...data },
        ...(this.projected ? { facts: this.emailFacts() } : {}),
        ...(this.emailOutcomesOnClaim ? { outcomeOnClaim: true } : {}),
      });
      if (result.status === 'rejected') {
        await this.record(emailOutcomeKey('rejected', kind, sequence), `The "${kind}" email to ${contact.email} was refused: ${result.reason ?? 'no reason given'}`);
      } else if (result.status === 'unconfirmed') {
        await this.record(emailOutcomeKey('unconfirmed', kind, sequence), `The "${kind}" email to ${contact.email} may not have arrived (the mail server's answer was lost); check the mail log for Message-ID ${result.messageId ?? 'unknown'} before resending`);
      } else if (this.emailOutcomesOnClaim) {
        await this.record(emailOutcomeKey('sent', kind, sequence), `The "${kind}" email was sent to ${contact.email} (Message-ID ${result.messageId ?? 'unknown'})`);
      }
    } catch (err) {
      await this.record(emailOutcomeKey('failed', kind, sequence), `The "${kind}" email to ${contact.email} could not be sent: ${errorMessage(err)}`);
    }
  }

  /**
   * Projects the changes gathered so far (claims under the `claim-projection` patch; the awaited no-op is skipped for
   * older claims, whose replay must not gain a step). Every wait above calls it first.
   */
  async flush(): Promise<void> {
    if (this.projected) await this.recorder.flush();
  }

  /** What an email shows of the claim, from its own state (claims under the projection patch: no read-model read per email). */
  private emailFacts(): EmailClaimFacts | undefined {
    const { trackingToken, model, unit, legs } = this.state;
    if (!trackingToken) return undefined;
    const outbound = legs.outbound.label;
    return {
      trackingToken, ...(model ? { model } : {}), ...(unit ? { replacementModel: unit.model } : {}),
      ...(outbound?.serviceName ? { outboundCarrier: outbound.carrier, outboundServiceName: outbound.serviceName } : {}),
    };
  }

  /** Throws `ClaimCancelled` when support asked to cancel: call between pre-hand-over steps. */
  checkpoint(): void {
    this.cancel.checkpoint();
  }

  /**
   * Runs an activity a cancel may interrupt, once the read model shows the claim as it is (`project: false`: a
   * short step straight after another whose changes are projected with its own, e.g. the return label).
   */
  async interruptible<T>(activity: () => Promise<T>, options: { project?: boolean } = {}): Promise<T> {
    if (this.projected && options.project !== false) await this.recorder.flush();
    return this.cancel.interruptible(activity);
  }

  /** Waits until `done()` or the timeout (ms; none = forever), interrupted by a cancel; true when `done()` held. */
  async waitFor(done: () => boolean, timeoutMs?: number): Promise<boolean> {
    if (this.projected) await this.recorder.flush();
    const stop = () => done() || this.cancel.requested;
    if (timeoutMs === undefined) await condition(stop);
    else if (timeoutMs > 0) await condition(stop, timeoutMs);
    this.checkpoint();
    return done();
  }

  /** Waits until `done()` or the timeout (ms, at least 1; none = forever), not interrupted by a cancel; true when `done()` held. */
  async until(done: () => boolean, timeoutMs?: number): Promise<boolean> {
    if (this.projected) await this.recorder.flush();
    if (timeoutMs === undefined) {
      await condition(done);
      return true;
    }
    return condition(done, Math.max(1, timeoutMs));
  }
}

/** The type of a typed non-retryable failure (domain/failures.ts) an activity threw, or undefined for anything else. */
export function typedFailure(err: unknown): FailureType | undefined {
  // Activities fail with an ActivityFailure wrapping the ApplicationFailure; a local activity may surface it directly.
  const failure = err instanceof ActivityFailure ? err.cause : err;
  if (!(failure instanceof ApplicationFailure)) return undefined;
  const type = failure.type ?? undefined;
  return (Object.values(FailureTypes) as string[]).includes(type ?? '') ? (type as FailureType) : undefined;
}

/** The message of an error or failure, following causes; the SDK's wrapper ("Activity task failed") is left out. */
export function errorMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return errorMessage(err.cause);
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message}: ${errorMessage(cause)}` : err.message;
}
