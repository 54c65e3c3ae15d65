/**
 * The work queues by role, shared by `GET /tasks` and the console's queue pages: each role lists the task kinds it
 * works (domain/work-queues.ts; admin every kind), filtered and searched, overdue first, a page at a time; and
 * support's attention list, the claims in progress that need it without a task (the carrier reports trouble with
 * the replacement's parcel, the return is overdue, a customer email may not have arrived), from the working set.
 */
import type { Db } from 'mongodb';
import { activeClaims } from '../../data/claims-active';
import type { ActiveClaim } from '../../data/schemas/claim';
import { listTasks, queuePositionOf, type QueuedTask, type queuedTaskStatuses } from '../../data/tasks';
import { attentionOfTimelineKey, kindsOfQueue, TASK_QUEUE, type AttentionKind, type WorkQueue } from '../../domain/work-queues';
import type { TaskKind, TimelineEntry } from '../../domain/types';
import type { Caller } from './api-keys';
import { HttpError } from './errors';

/** The task kinds `caller` works (admin: every kind). */
export function kindsOf(caller: Caller): TaskKind[] {
  return caller.role === 'admin' ? (Object.keys(TASK_QUEUE) as TaskKind[]) : kindsOfQueue(caller.role as WorkQueue);
}

/** What a queue is asked for: status, one kind, overdue only, free-text search, and paging. */
export interface QueueQuery {
  status?: (typeof queuedTaskStatuses)[number];
  kind?: TaskKind;
  overdue?: boolean;
  /** Matched (case-insensitively) against the claim id, MAC, extension, customer name and the task's summary. */
  q?: string;
  limit?: number;
  cursor?: string;
}

/** One page of a queue; `next` continues it. */
export interface QueuePage {
  tasks: QueuedTask[];
  next?: string;
}

/** Tasks a page lists unless asked otherwise. */
export const QUEUE_PAGE = 25;

const textMatch = (needle: string, ...haystack: Array<string | null | undefined>) => haystack.some((hay) => hay?.toLowerCase().includes(needle));

/** Throws 403 unless `caller` works tasks of `kind`. */
export function requireWorks(caller: Caller, kind: TaskKind): void {
  const allowed = kindsOf(caller);
  if (!allowed.includes(kind)) throw new HttpError(403, `role ${caller.role} does not work ${kind} tasks (it works ${allowed.join(', ')})`);
}

/** A page at `now` of the queue of the task kinds `allowed` (a `kind` outside them is refused: 400). */
export async function queuePage(db: Db, allowed: readonly TaskKind[], query: QueueQuery, now: Date): Promise<QueuePage> {
  if (query.kind && !allowed.includes(query.kind)) throw new HttpError(400, `invalid query: kind: must be one of ${allowed.join(', ')}`, [{ field: 'kind', message: `must be one of ${allowed.join(', ')}` }]);
  const limit = Math.min(Math.max(1, query.limit ?? QUEUE_PAGE), 500);
  const needle = query.q?.trim().toLowerCase();
  const matches = (task: QueuedTask) => (!query.overdue || task.overdue)
    && (!needle || textMatch(needle, task.claimId, task.claim.mac, task.claim.mac.replace(/:/g, ''), task.claim.extension, task.claim.customerName, task.summary, task.assignee));
  const listed = await listTasks(db, {
    kinds: query.kind ? [query.kind] : allowed, limit: limit + 1, matches,
    ...(query.status ? { status: query.status } : {}), ...(query.cursor ? { after: query.cursor } : {}),
  }, now);
  const tasks = listed.slice(0, limit);
  return { tasks, ...(listed.length > limit ? { next: queuePositionOf(tasks[tasks.length - 1]!) } : {}) };
}

/** A claim on support's attention list and why. */
export interface AttentionItem {
  claimId: string;
  kind: AttentionKind | 'return-overdue';
  at: string;
  message: string;
  claim: Pick<ActiveClaim, 'status' | 'mac' | 'extension' | 'customerName' | 'model'>;
}

/** Support's attention list: every claim in progress that needs it without a task, the oldest first. */
export async function attentionList(db: Db): Promise<AttentionItem[]> {
  const items: AttentionItem[] = [];
  for (const claim of await activeClaims(db)) {
    const about = { status: claim.status, mac: claim.mac, extension: claim.extension, customerName: claim.customerName, model: claim.model ?? null };
    const add = (kind: AttentionItem['kind'], entry: Pick<TimelineEntry, 'at' | 'message'>) => items.push({ claimId: claim.claimId, kind, at: entry.at, message: entry.message, claim: about });
    if (claim.status === 'return-overdue') add('return-overdue', { at: claim.statusSince ?? claim.updatedAt, message: 'Return overdue: call the customer before the claim closes unreturned and is flagged for billing' });
    for (const entry of Object.values(claim.attention)) {
      const kind = attentionOfTimelineKey(entry.key);
      // The carrier's trouble with the parcel matters until it is delivered.
      if (kind === 'email-problem' || (kind === 'carrier-trouble' && claim.status === 'shipped')) add(kind, entry);
    }
  }
  return items.sort((a, b) => a.at.localeCompare(b.at));
}
