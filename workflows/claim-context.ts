/** The running claim: its state (what the Query returns) and the helpers every step uses to change it. */
import {
  ActivityFailure, ApplicationFailure, CancellationScope, condition, isCancellation, patched, upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { ClaimUpdate } from '../activities/contract';
import type { ClaimState, ClaimWorkflowInput } from '../domain/claim-view';
import { FailureTypes, type FailureType } from '../domain/failures';
import { policySummary, resolvePolicy, type ClaimPolicy } from '../domain/policy';
import { assertTransition } from '../domain/status';
import type { ClaimStatus, EmailKind, LegKind, TaskKind } from '../domain/types';
import { database, localMailer, mailer } from './activity-presets';
import { ClaimStatusAttribute, DeviceMacAttribute, ExtensionAttribute } from './search-attributes';

/**
 * Patch id of the leaner history (emails as local activities, search attributes only when the searchable status
 * changes). Claims started before it replay the old way; remove the old path once none of them is open.
 */
export const LEAN_HISTORY_PATCH = 'lean-history';

/** Statuses the workflow passes through within one task: not upserted as ClaimStatus (the next status follows at once). */
const TRANSIENT_STATUSES: readonly ClaimStatus[] = ['return-received'];

/** Thrown at a checkpoint once support asked to cancel; the workflow then compensates. */
export class ClaimCancelled extends Error {
  override name = 'ClaimCancelled';
}

/** Workflow-time now as an ISO instant. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** The claim's state plus the helpers that record every change on the read model with a deterministic key. */
export class ClaimRun {
  readonly state: ClaimState;
  readonly policy: ClaimPolicy;
  /** Support asked to cancel (accepted by the cancel Update's validator). */
  cancelRequest?: { reason: string; cancelledBy: string; at: string };
  /** Counters the waits watch; handlers bump them. */
  restocks = 0;
  addressCorrections = 0;
  addressCorrectedBy?: string;
  /** Who handed the replacement to the carrier (from the completeShipment Update). */
  shippedBy?: string;
  readonly seenEventIds = new Set<string>();
  /** Legs whose label purchase was started (a cancel voids them even when the purchase was interrupted). */
  readonly labelPurchasesStarted = new Set<LegKind>();
  /** The scope of the activity a cancel may interrupt (a label purchase retrying through a carrier outage). */
  private interruptibleScope?: CancellationScope;
  /** Started under the `lean-history` patch (see LEAN_HISTORY_PATCH). */
  readonly lean: boolean;

  constructor(readonly input: ClaimWorkflowInput) {
    this.lean = patched(LEAN_HISTORY_PATCH);
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
  }

  /** Records a notable event (no status change) on the read model; the key makes a retry add nothing. */
  async record(key: string, message: string, change: Omit<ClaimUpdate, 'claimId' | 'entry'> = {}, actor?: string): Promise<void> {
    const entry = { key, at: nowIso(), message, ...(change.status ? { status: change.status } : {}), ...(actor ? { actor } : {}) };
    if (!this.state.timeline.some((existing) => existing.key === key)) this.state.timeline.push(entry);
    if (change.flags?.billing) this.state.flags.billing = true;
    if (change.flags?.escalated) this.state.flags.escalated = true;
    if (change.nextDeadline !== undefined) this.state.nextDeadline = change.nextDeadline;
    await database.updateClaim({ claimId: this.state.claimId, entry, ...change });
  }

  /** Moves the claim to a new status (checked against the allowed transitions), keyed `status-<status>` unless given. */
  async setStatus(status: ClaimStatus, message: string, change: Omit<ClaimUpdate, 'claimId' | 'entry' | 'status'> = {}, key = `status-${status}`, actor?: string): Promise<void> {
    if (status !== this.state.status) assertTransition(this.state.status, status);
    this.state.status = status;
    if (!this.lean || !TRANSIENT_STATUSES.includes(status)) this.upsertSearchAttributes();
    await this.record(key, message, { ...change, status }, actor);
  }

  /**
   * Upserts ClaimStatus, DeviceMac and Extension (when the policy enables search attributes); under the lean patch
   * only what differs from the attributes the workflow already carries (the client sets all three at start).
   */
  upsertSearchAttributes(): void {
    if (!this.policy.searchAttributes) return;
    if (this.lean) {
      const current = workflowInfo().typedSearchAttributes;
      const wanted = [
        { key: ClaimStatusAttribute, value: this.state.status },
        { key: DeviceMacAttribute, value: this.state.request.mac },
        { key: ExtensionAttribute, value: this.state.request.extension },
      ].filter(({ key, value }) => current.get(key) !== value);
      if (wanted.length > 0) upsertSearchAttributes(wanted);
      return;
    }
    upsertSearchAttributes([
      { key: ClaimStatusAttribute, value: this.state.status },
      { key: DeviceMacAttribute, value: this.state.request.mac },
      { key: ExtensionAttribute, value: this.state.request.extension },
    ]);
  }

  /** Sends a customer email once per (kind, sequence); a refusal or give-up is recorded on the timeline, never thrown. */
  async email(kind: EmailKind, sequence: number, data: Record<string, string | number | boolean | null> = {}): Promise<void> {
    const { contact, mac, extension } = this.state.request;
    try {
      const result = await (this.lean ? localMailer : mailer).sendCustomerEmail({
        claimId: this.state.claimId, kind, sequence, to: contact.email,
        ...(contact.locale ? { locale: contact.locale } : {}), ...(contact.timeZone ? { timeZone: contact.timeZone } : {}),
        data: { claimId: this.state.claimId, customerName: contact.name, mac, extension, ...data },
      });
      if (result.status === 'rejected') {
        await this.record(`email-rejected-${kind}-${sequence}`, `The "${kind}" email to ${contact.email} was refused: ${result.reason ?? 'no reason given'}`);
      } else if (result.status === 'unconfirmed') {
        await this.record(`email-unconfirmed-${kind}-${sequence}`, `The "${kind}" email to ${contact.email} may not have arrived (the mail server's answer was lost); check the mail log for Message-ID ${result.messageId ?? 'unknown'} before resending`);
      }
    } catch (err) {
      await this.record(`email-failed-${kind}-${sequence}`, `The "${kind}" email to ${contact.email} could not be sent: ${errorMessage(err)}`);
    }
  }

  /** Opens (or re-opens, upsert by kind) a task and shows it on the claim. */
  async openTask(kind: TaskKind, slaDueAt: number, summary: string): Promise<void> {
    const task = { kind, slaDueAt: new Date(slaDueAt).toISOString(), summary };
    await database.openTask({ claimId: this.state.claimId, ...task });
    this.state.openTasks = [...this.state.openTasks.filter((open) => open.kind !== kind), task];
  }

  /** Closes the claim's task of that kind (no-op when not open). */
  async closeTask(kind: TaskKind, outcome: string): Promise<void> {
    if (!this.state.openTasks.some((open) => open.kind === kind)) return;
    await database.closeTask({ claimId: this.state.claimId, kind, outcome });
    this.state.openTasks = this.state.openTasks.filter((open) => open.kind !== kind);
  }

  /** Throws `ClaimCancelled` when support asked to cancel: call between pre-hand-over steps. */
  checkpoint(): void {
    if (this.cancelRequest) throw new ClaimCancelled(this.cancelRequest.reason);
  }

  /** Records the cancel request and interrupts the activity in flight, if it is interruptible. */
  requestCancel(request: { reason: string; cancelledBy: string; at: string }): void {
    this.cancelRequest = request;
    this.interruptibleScope?.cancel();
  }

  /** Runs an activity a cancel may interrupt (it waits for the attempt to end, then throws `ClaimCancelled`). */
  async interruptible<T>(activity: () => Promise<T>): Promise<T> {
    this.checkpoint();
    const scope = new CancellationScope();
    this.interruptibleScope = scope;
    try {
      return await scope.run(activity);
    } catch (err) {
      if (this.cancelRequest && isCancellation(err)) throw new ClaimCancelled(this.cancelRequest.reason);
      throw err;
    } finally {
      this.interruptibleScope = undefined;
    }
  }

  /** Waits until `done()` or the timeout (ms; none = forever), interrupted by a cancel; true when `done()` held. */
  async waitFor(done: () => boolean, timeoutMs?: number): Promise<boolean> {
    const stop = () => done() || this.cancelRequest !== undefined;
    if (timeoutMs === undefined) await condition(stop);
    else if (timeoutMs > 0) await condition(stop, timeoutMs);
    this.checkpoint();
    return done();
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
