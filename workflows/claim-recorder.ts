/**
 * The one way a claim's state reaches its read model. Steps change the workflow's state and tell the recorder what
 * changed; under the `claim-projection` patch the recorder gathers the changes and projects them in one
 * `projectClaim` call before the claim next waits (a condition, a timer, a carrier call) or ends, so at the end of
 * every workflow task the read model shows the claim as it is. Claims started before the patch write each change
 * at once through `updateClaim`, `openTask` and `closeTask`, as they did.
 */
import type { ClaimChange, ClaimDeadline, RecordClaimOpenedInput, TaskClosing, TaskOpening } from '../domain/claim-change';
import type { ClaimState } from '../domain/claim-view';
import type { ClaimStatus, EligibilityDecision, LabelRecord, MacAddress, PostalAddress, ReservedUnit, TaskKind, TimelineEntry } from '../domain/types';
import { database, readModel } from './activity-presets';

/**
 * Patch id of the projected read model (one `projectClaim` per workflow task instead of a write per change; tasks
 * kept in the claim; the model and the hand-over time on the read model). Claims started before it replay the old way.
 */
export const CLAIM_PROJECTION_PATCH = 'claim-projection';

/** Workflow-time now as an ISO instant. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** What a step changes on the claim besides its timeline. */
export interface ClaimFields {
  status?: ClaimStatus;
  decision?: EligibilityDecision;
  model?: string;
  unit?: ReservedUnit | null;
  label?: LabelRecord;
  shipTo?: PostalAddress;
  replacementMac?: MacAddress;
  handedOverAt?: string;
  nextDeadline?: ClaimDeadline | null;
  flags?: { billing?: boolean; escalated?: boolean };
}

/** A timeline entry's fields, and who did it (recorded as the entry's actor). */
export interface RecordOptions extends Omit<ClaimFields, 'status'> {
  actor?: string;
}

/** Gathers the claim's changes and writes them to the read model (see the module comment). */
export class ClaimRecorder {
  private pending: Omit<ClaimChange, 'claimId'> = {};
  private readonly pendingTasks = new Map<TaskKind, { opened?: TaskOpening; closed?: TaskClosing }>();
  /** The round of each task kind opened so far (a kind opened again after it closed is its next round). */
  private readonly taskRounds = new Map<TaskKind, number>();
  /**
   * The read-model write in flight: writes are chained so a signal handler's write (a label reprint) never updates
   * the claim document at the same time as the main flow's (FerretDB v1 applies updates as read-modify-write).
   * Sequential callers find the chain settled, so their commands are the same as without it.
   */
  private lastWrite: Promise<unknown> = Promise.resolve();
  /** The claim was opened with its changes: the next projection files it under its search lists. */
  private fileOpened = false;

  constructor(private readonly state: ClaimState, readonly projected: boolean) {}

  /** Adds a keyed timeline entry (a retried key adds nothing) with the fields the step changed. */
  async record(key: string, message: string, fields: ClaimFields & { actor?: string } = {}): Promise<void> {
    const { actor, ...change } = fields;
    const entry: TimelineEntry = { key, at: nowIso(), message, ...(change.status ? { status: change.status } : {}), ...(actor ? { actor } : {}) };
    if (!this.state.timeline.some((existing) => existing.key === key)) this.state.timeline.push(entry);
    if (change.flags?.billing) this.state.flags.billing = true;
    if (change.flags?.escalated) this.state.flags.escalated = true;
    if (change.nextDeadline !== undefined) this.state.nextDeadline = change.nextDeadline;
    if (!this.projected) {
      const { model: _model, handedOverAt: _handedOverAt, ...update } = change;
      await this.chained(() => database.updateClaim({ claimId: this.state.claimId, entry, ...update }));
      return;
    }
    const { label, flags, ...rest } = change;
    Object.assign(this.pending, rest);
    if (label) this.pending.labels = { ...this.pending.labels, [label.leg]: label };
    if (flags) this.pending.flags = { ...this.pending.flags, ...Object.fromEntries(Object.entries(flags).filter(([, on]) => on)) };
    this.pending.timeline = [...(this.pending.timeline ?? []), entry];
  }

  /** Opens (or updates while open, or opens again in a new round) the claim's task of that kind. */
  async openTask(kind: TaskKind, slaDueAt: number, summary: string): Promise<void> {
    const task = { kind, slaDueAt: new Date(slaDueAt).toISOString(), summary };
    const isOpen = this.state.openTasks.some((open) => open.kind === kind);
    this.state.openTasks = [...this.state.openTasks.filter((open) => open.kind !== kind), task];
    if (!this.projected) {
      await database.openTask({ claimId: this.state.claimId, ...task });
      return;
    }
    const round = (this.taskRounds.get(kind) ?? 0) + (isOpen ? 0 : 1);
    this.taskRounds.set(kind, round);
    this.pendingTasks.set(kind, { opened: { ...task, round, openedAt: nowIso() } });
  }

  /** Closes the claim's task of that kind with an outcome (nothing when it is not open). */
  async closeTask(kind: TaskKind, outcome: string): Promise<void> {
    if (!this.state.openTasks.some((open) => open.kind === kind)) return;
    this.state.openTasks = this.state.openTasks.filter((open) => open.kind !== kind);
    if (!this.projected) {
      await database.closeTask({ claimId: this.state.claimId, kind, outcome });
      return;
    }
    this.pendingTasks.set(kind, { ...this.pendingTasks.get(kind), closed: { kind, outcome, closedAt: nowIso() } });
  }

  /**
   * Creates the claim's read model (`recordClaimOpened`); `withChanges`: with the changes gathered so far, which the
   * opening then projects (and the next projection files the claim under its search lists); `offTask`: as a regular
   * activity, so the workflow task that schedules it ends at once, for a claim filed at its close (no filing by the
   * next projection; see ANSWER_BEFORE_OPENING_PATCH).
   */
  async open(opening: Omit<RecordClaimOpenedInput, 'change'>, options: { withChanges: boolean; offTask?: boolean }): Promise<{ trackingToken: string }> {
    if (!options.withChanges) return database.recordClaimOpened(opening);
    const { claimId: _claimId, ...change } = this.takeChange() ?? { claimId: opening.claimId };
    this.fileOpened = !options.offTask;
    return (options.offTask ? readModel : database).recordClaimOpened({ ...opening, change });
  }

  /** Projects the gathered changes (one `projectClaim`), if any; call before the claim waits or ends. */
  async flush(): Promise<void> {
    if (!this.projected) return;
    const change = this.takeChange();
    if (!change) return;
    await this.chained(() => database.projectClaim(change));
  }

  /** The changes gathered since the last projection (cleared), or undefined when there are none. */
  private takeChange(): ClaimChange | undefined {
    const tasks = [...this.pendingTasks.values()];
    const change: ClaimChange = {
      claimId: this.state.claimId, ...this.pending,
      ...(tasks.some((task) => task.opened) ? { tasksOpened: tasks.flatMap((task) => (task.opened ? [task.opened] : [])) } : {}),
      ...(tasks.some((task) => task.closed) ? { tasksClosed: tasks.flatMap((task) => (task.closed ? [task.closed] : [])) } : {}),
    };
    if (Object.keys(change).length === 1 && !this.fileOpened) return undefined;
    if (this.fileOpened) change.fileOpened = true;
    this.pending = {};
    this.pendingTasks.clear();
    this.fileOpened = false;
    return change;
  }

  /** Runs `write` after the write in flight, if any. */
  private async chained(write: () => Promise<void>): Promise<void> {
    const next = this.lastWrite.then(write);
    this.lastWrite = next.catch(() => undefined);
    await next;
  }
}
