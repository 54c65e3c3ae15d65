/** Shipping-department and support tasks: one per claim and kind, opened, taken and closed with guarded updates. */
import { MongoServerError, type Db } from 'mongodb';
import type { OpenTaskInput } from '../activities/contract';
import type { TaskKind } from '../domain/types';
import { collection, collectionNames as c } from './collections';
import { takeKeyOf, taskQueries } from './queries';
import { openTaskInputSchema } from './schemas/claim-inputs';
import { taskDocSchema, type TaskDoc, type TaskStatus } from './schemas/claim';
import { parseOrThrow } from './validation';

const tasks = (db: Db) => collection(db, c.tasks);
const parseTask = (doc: unknown): TaskDoc => parseOrThrow(taskDocSchema, doc, 'task');

/** The task id of a claim's task of one kind (deterministic, so opening it twice finds the same task). */
export function taskIdFor(claimId: string, kind: TaskKind): string {
  return `${claimId}--${kind}`;
}

/**
 * Opens the claim's task of that kind: inserts it (`$setOnInsert`), leaves it alone when it is already open or
 * taken (a retry), and reopens it for a new round when it was closed (e.g. a second address problem).
 * Two single-document updates, each guarded by status, so no transaction is needed: a retry repeats them harmlessly.
 */
export async function openTaskForClaim(db: Db, input: OpenTaskInput, now: Date): Promise<TaskDoc> {
  const parsed = parseOrThrow(openTaskInputSchema, input, 'openTask input');
  const valid = { ...parsed, slaDueAt: new Date(parsed.slaDueAt).toISOString() };
  const taskId = taskIdFor(valid.claimId, valid.kind);
  const fresh = parseTask({
    taskId, claimId: valid.claimId, kind: valid.kind, status: 'open', assignee: null, slaDueAt: valid.slaDueAt,
    summary: valid.summary, openedAt: now.toISOString(), takenAt: null, closedAt: null, outcome: null, round: 1,
  });
  try {
    const inserted = await tasks(db).updateOne(taskQueries.byTaskId(taskId), { $setOnInsert: fresh }, { upsert: true });
    if (inserted.upsertedCount === 1) return fresh;
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
  }
  for (const closed of ['done', 'cancelled'] as const) {
    await tasks(db).updateOne(taskQueries.byTaskIdInStatus(taskId, closed), {
      $set: { status: 'open', assignee: null, slaDueAt: valid.slaDueAt, summary: valid.summary, openedAt: now.toISOString(), takenAt: null, closedAt: null, outcome: null },
      $inc: { round: 1 },
    });
  }
  const stored = await findTask(db, taskId);
  if (!stored) throw new Error(`task ${taskId} was not stored; retry`);
  return stored;
}

/**
 * Closes the claim's open or taken task of that kind with an outcome (`cancelled` marks it cancelled, anything else
 * done). Returns false when there was nothing to close (never opened, or already closed: a retry).
 */
export async function closeTaskOfClaim(db: Db, claimId: string, kind: TaskKind, outcome: string, now: Date): Promise<boolean> {
  const taskId = taskIdFor(claimId, kind);
  const status: TaskStatus = outcome === 'cancelled' ? 'cancelled' : 'done';
  for (const open of ['open', 'taken'] as const) {
    const result = await tasks(db).updateOne(taskQueries.byTaskIdInStatus(taskId, open), {
      $set: { status, outcome, closedAt: now.toISOString() },
    });
    if (result.modifiedCount === 1) return true;
  }
  return false;
}

/**
 * Takes an open task for `assignee`. Returns the task, or why it could not be taken. The arbiter is one insert under
 * `_id` = task id + round in `task_takes`, because a conditional update is not atomic on FerretDB v1
 * (two people could both "win"). The winner then mirrors status and assignee onto the task; a crash in between
 * leaves the take recorded, and `findTask` reports the recorded assignee.
 */
export async function takeTask(db: Db, taskId: string, assignee: string, now: Date): Promise<{ ok: true; task: TaskDoc } | { ok: false; reason: string }> {
  const who = assignee.trim();
  if (who === '') return { ok: false, reason: 'assignee: must not be empty' };
  const task = await findTask(db, taskId);
  if (!task) return { ok: false, reason: `no task ${taskId}` };
  if (task.status !== 'open') return { ok: false, reason: notOpen(task) };
  try {
    await collection(db, c.taskTakes).insertOne({ _id: takeKeyOf(taskId, task.round), taskId, round: task.round, assignee: who, takenAt: now.toISOString() });
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
    const current = await findTask(db, taskId);
    return { ok: false, reason: current ? notOpen(current) : `no task ${taskId}` };
  }
  await tasks(db).updateOne(taskQueries.byTaskId(taskId), { $set: { status: 'taken', assignee: who, takenAt: now.toISOString() } });
  const taken = await findTask(db, taskId);
  if (!taken) throw new Error(`task ${taskId} vanished while being taken`);
  return { ok: true, task: taken };
}

function notOpen(task: TaskDoc): string {
  return `task ${task.taskId} is ${task.status}${task.assignee ? ` (assignee ${task.assignee})` : ''}, not open`;
}

/** The task with that id, or null; a take recorded but not yet mirrored shows as taken by its assignee. */
export async function findTask(db: Db, taskId: string): Promise<TaskDoc | null> {
  const doc = await tasks(db).findOne(taskQueries.byTaskId(taskId));
  if (!doc) return null;
  const task = parseTask(doc);
  if (task.status !== 'open') return task;
  const take = await collection(db, c.taskTakes).findOne(taskQueries.takeOf(taskId, task.round));
  return take ? { ...task, status: 'taken', assignee: String(take.assignee), takenAt: String(take.takenAt) } : task;
}
/** A task as the shipping department's list shows it. */
export type ListedTask = TaskDoc & { overdue: boolean };

/** Tasks in one status (optionally of one kind), overdue first, then by SLA due time; at most `limit` (default 100). */
export async function listTasks(db: Db, query: { status: TaskStatus; kind?: TaskKind; limit?: number }, now: Date): Promise<ListedTask[]> {
  const docs = await tasks(db).find(taskQueries.list(query.status, query.kind)).toArray();
  return docs
    .map(parseTask)
    .sort((a, b) => a.slaDueAt.localeCompare(b.slaDueAt))
    .slice(0, Math.min(Math.max(1, query.limit ?? 100), 500))
    .map((task) => ({ ...task, overdue: Date.parse(task.slaDueAt) < now.getTime() }));
}

/** The tasks of one claim, oldest first. */
export async function tasksOfClaim(db: Db, claimId: string): Promise<TaskDoc[]> {
  const docs = await tasks(db).find(taskQueries.byClaimId(claimId)).toArray();
  return docs.map(parseTask).sort((a, b) => a.openedAt.localeCompare(b.openedAt));
}
