/**
 * What a finished claim went through, written the way the workflow records it (workflows/*.ts): timeline entries
 * under their keys, tasks by kind (opened and closed), and the customer emails sent along the way, each at its instant.
 */
import type { ClaimStatus, EmailKind, TaskKind, TimelineEntry } from '../../../domain/types';
import { taskIdFor } from '../../../data/claim-projection';
import type { TaskDoc } from '../../../data/schemas/claim';

const iso = (at: number) => new Date(at).toISOString();

/** One customer email of the story. */
export interface StoryEmail {
  kind: EmailKind;
  sequence: number;
  at: number;
}

/** Collects a claim's timeline, tasks and emails as its steps are told. */
export class ClaimStory {
  readonly timelineByKey: Record<string, TimelineEntry> = {};
  readonly tasks: Partial<Record<TaskKind, TaskDoc>> = {};
  readonly emails: StoryEmail[] = [];
  /** The latest instant told (the claim document's last write). */
  last = 0;

  constructor(private readonly claimId: string) {}

  /** A timeline entry. */
  record(key: string, at: number, message: string, extra: { status?: ClaimStatus; actor?: string } = {}): void {
    this.timelineByKey[key] = { key, at: iso(at), message, ...(extra.status ? { status: extra.status } : {}), ...(extra.actor ? { actor: extra.actor } : {}) };
    this.last = Math.max(this.last, at);
  }

  /** A status change, keyed `status-<status>` as the workflow keys it. */
  status(status: ClaimStatus, at: number, message: string, actor?: string): void {
    this.record(`status-${status}`, at, message, { status, ...(actor ? { actor } : {}) });
  }

  /** Opens a task (round 1). */
  openTask(kind: TaskKind, at: number, slaDueAt: number, summary: string): void {
    this.tasks[kind] = {
      taskId: taskIdFor(this.claimId, kind), claimId: this.claimId, kind, status: 'open', assignee: null, slaDueAt: iso(slaDueAt),
      summary, openedAt: iso(at), takenAt: null, closedAt: null, outcome: null, round: 1,
    };
  }

  /** Closes an open task: `done` with the outcome, or `cancelled`. */
  closeTask(kind: TaskKind, at: number, outcome: string): void {
    const task = this.tasks[kind];
    if (!task) throw new Error(`story of ${this.claimId}: task ${kind} closed before it was opened`);
    this.tasks[kind] = { ...task, status: outcome === 'cancelled' ? 'cancelled' : 'done', outcome, closedAt: iso(at) };
  }

  /** A customer email sent at `at`. */
  email(kind: EmailKind, at: number, sequence = 1): void {
    this.emails.push({ kind, sequence, at });
  }
}
