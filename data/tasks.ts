/**
 * Tasks for the shipping department, support and supervisors: one per claim and kind, kept in the claim (written
 * by its projection), the open ones also in the claim's working-set entry, so the queues read the working set only.
 * Taking a task is arbitrated by one insert in `task_takes` (`_id` = task id + round): a conditional update is not
 * atomic on FerretDB v1, and the claim document has one writer (its workflow). Reads merge the take in.
 */
import type { Db } from 'mongodb';
import { firstInsertWins } from '../storage/first-writer';
import type { TaskKind } from '../domain/types';
import { findClaimDoc } from './claims';
import { activeClaims, findActiveClaim } from './claims-active';
import { collection, collectionNames as c } from './collections';
import { takeKeyOf } from './queries';
import { taskKinds } from './schemas/common';
import type { ActiveClaim, TaskDoc, TaskStatus } from './schemas/claim';

/** The kind of task a task id names, and its claim (`<claimId>--<kind>`), or null when it names none. */
export function parseTaskId(taskId: string): { claimId: string; kind: TaskKind } | null {
  const kind = taskKinds.find((candidate) => taskId.endsWith(`--${candidate}`));
  return kind ? { claimId: taskId.slice(0, -(kind.length + 2)), kind } : null;
}

/** The task as it stands, with a recorded take merged in (open + taken by someone → `taken`). */
async function withTake(db: Db, task: TaskDoc): Promise<TaskDoc> {
  if (task.status !== 'open') return task;
  const take = await collection(db, c.taskTakes).findOne({ _id: takeKeyOf(task.taskId, task.round) });
  return take ? { ...task, status: 'taken', assignee: String(take.assignee), takenAt: String(take.takenAt) } : task;
}

/** The task with that id, or null: from the working set while open, else from its claim. */
export async function findTask(db: Db, taskId: string): Promise<TaskDoc | null> {
  const id = parseTaskId(taskId);
  if (!id) return null;
  const task = (await findActiveClaim(db, id.claimId))?.tasks[id.kind] ?? (await findClaimDoc(db, id.claimId))?.tasks[id.kind];
  return task ? withTake(db, task) : null;
}

/** Takes an open task for `assignee`: the task, or why it could not be taken (one insert decides between takers). */
export async function takeTask(db: Db, taskId: string, assignee: string, now: Date): Promise<{ ok: true; task: TaskDoc } | { ok: false; reason: string }> {
  const who = assignee.trim();
  if (who === '') return { ok: false, reason: 'assignee: must not be empty' };
  const task = await findTask(db, taskId);
  if (!task) return { ok: false, reason: `no task ${taskId}` };
  if (task.status !== 'open') return { ok: false, reason: notOpen(task) };
  const takenAt = now.toISOString();
  if (await firstInsertWins(collection(db, c.taskTakes), { _id: takeKeyOf(taskId, task.round), taskId, round: task.round, assignee: who, takenAt })) {
    return { ok: true, task: { ...task, status: 'taken', assignee: who, takenAt } };
  }
  const current = await findTask(db, taskId);
  return { ok: false, reason: current ? notOpen(current) : `no task ${taskId}` };
}

function notOpen(task: TaskDoc): string {
  return `task ${task.taskId} is ${task.status}${task.assignee ? ` (assignee ${task.assignee})` : ''}, not open`;
}

/** An open or taken task with the claim facts a queue shows beside it. */
export type QueuedTask = TaskDoc & {
  overdue: boolean;
  claim: { status: ActiveClaim['status']; mac: string; extension: string; model: string | null; customerName: string };
  labels: ActiveClaim['labels'];
};

/** Task statuses a work queue lists (done and cancelled tasks are on their claims). */
export const queuedTaskStatuses = ['open', 'taken'] as const satisfies readonly TaskStatus[];

/** Where a task stands in queue order (SLA due time, then task id): `after` of `listTasks` continues past it. */
export const queuePositionOf = (task: Pick<TaskDoc, 'slaDueAt' | 'taskId'>): string => `${task.slaDueAt}|${task.taskId}`;

/**
 * The work queue: open and taken tasks (or one of the two), of the given kinds (default all), that `matches` (default
 * all), overdue first, then by SLA due time (the same order: the overdue are the earliest due), after the queue
 * position `after` (default the start); at most `limit` (default 100, max 500). Reads the working set and one take
 * record per open task listed.
 */
export async function listTasks(
  db: Db,
  query: { status?: (typeof queuedTaskStatuses)[number]; kinds?: readonly TaskKind[]; limit?: number; after?: string; matches?: (task: QueuedTask) => boolean },
  now: Date,
): Promise<QueuedTask[]> {
  const kinds = query.kinds ?? taskKinds;
  const queued: QueuedTask[] = [];
  for (const claim of await activeClaims(db)) {
    for (const kind of kinds) {
      const task = claim.tasks[kind];
      if (!task) continue;
      const summary = { status: claim.status, mac: claim.mac, extension: claim.extension, model: claim.model ?? null, customerName: claim.customerName };
      const entry = { ...task, overdue: Date.parse(task.slaDueAt) < now.getTime(), claim: summary, labels: claim.labels };
      if ((query.after === undefined || queuePositionOf(task) > query.after) && (!query.matches || query.matches(entry))) queued.push(entry);
    }
  }
  queued.sort((a, b) => Number(b.overdue) - Number(a.overdue) || queuePositionOf(a).localeCompare(queuePositionOf(b)));
  const limit = Math.min(Math.max(1, query.limit ?? 100), 500);
  const listed: QueuedTask[] = [];
  // Takes are merged in queue order, a batch at a time, until the page is full: only the page's tasks are read.
  for (let from = 0; from < queued.length && listed.length < limit; from += TAKE_BATCH) {
    const batch = await Promise.all(queued.slice(from, from + TAKE_BATCH).map(async (task) => ({ ...task, ...(await withTake(db, task)) })));
    listed.push(...batch.filter((task) => !query.status || task.status === query.status));
  }
  return listed.slice(0, limit);
}

/** Take records read at once while filling a queue page. */
const TAKE_BATCH = 50;

/** The tasks of one claim, open and closed, oldest first. */
export async function tasksOfClaim(db: Db, claimId: string): Promise<TaskDoc[]> {
  const claim = await findClaimDoc(db, claimId);
  const tasks = Object.values(claim?.tasks ?? {}).filter((task): task is TaskDoc => task !== undefined);
  return (await Promise.all(tasks.map((task) => withTake(db, task)))).sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}
