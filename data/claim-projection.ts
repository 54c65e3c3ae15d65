/**
 * The claims read model as a projection of the claim workflow's state: `openClaim` when a claim comes into
 * existence, `applyClaimChange` for every change after. Nothing else writes a claim. Each change is one update of
 * the claim document by `_id` plus, when it touches what lists and queues show, one update of its working-set entry;
 * a finished claim moves from the working set to the history lists. Every step is idempotent, so a retried change
 * writes the same values again and adds no timeline entry, task round or list entry that a reader would show twice.
 */
import { isDuplicateKey } from '../storage/first-writer';
import type { Db } from 'mongodb';
import type { ClaimChange, ClaimChangeFields, RecordClaimOpenedInput } from '../domain/claim-change';
import { isTerminalStatus } from '../domain/status';
import type { TaskKind, TimelineEntry } from '../domain/types';
import { attentionOfTimelineKey } from '../domain/work-queues';
import { fileFinishedClaim, fileOpenedClaim, newTrackingToken, recordTrackingToken } from './claim-index';
import { fieldSafeKey, findClaimDoc, parseClaim, timelineField, timelineOf } from './claims';
import {
  addActiveClaim, findAndUpdateOpenClaim, insertOpenClaim, putActiveClaim, removeOpenClaim, updateActiveClaim, updateOpenClaim,
} from './claims-active';
import { collection, collectionNames as c } from './collections';
import { claimChangeSchema, recordClaimOpenedInputSchema } from './schemas/claim-inputs';
import type { ActiveClaim, ClaimDoc, ClaimSummary, TaskDoc } from './schemas/claim';
import { DataValidationError, parseOrThrow } from './validation';

const claims = (db: Db) => collection(db, c.claims);

/** The task id of a claim's task of one kind (deterministic: the same task every round). */
export function taskIdFor(claimId: string, kind: TaskKind): string {
  return `${claimId}--${kind}`;
}

/** The list line of a claim. */
export function summaryOf(claim: ClaimDoc): ClaimSummary {
  return {
    claimId: claim.claimId, status: claim.status, mac: claim.mac, extension: claim.extension, accountId: claim.accountId,
    email: claim.email, model: claim.model ?? null, openedAt: claim.openedAt, ...(claim.closedAt ? { closedAt: claim.closedAt } : {}),
  };
}

/** The history-list line of a finished claim: its summary, fault and hand-over time (what the rollups fold). */
export function finishedSummaryOf(claim: ClaimDoc, closedAt: string): ClaimSummary & { closedAt: string } {
  return { ...summaryOf(claim), closedAt, fault: claim.request.fault, ...(claim.handedOverAt ? { handedOverAt: claim.handedOverAt } : {}) };
}

/** The working-set entry of a claim (its open tasks and label links included). */
export function activeEntryOf(claim: ClaimDoc): ActiveClaim {
  const openTasks = Object.fromEntries(Object.entries(claim.tasks).filter(([, task]) => task?.status === 'open' || task?.status === 'taken'));
  const labels = Object.fromEntries((['outbound', 'return'] as const).flatMap((leg) => (claim.legs[leg] ? [[leg, claim.legs[leg].labelUrl]] : [])));
  return {
    claimId: claim.claimId, workflowId: claim.workflowId, status: claim.status, statusSince: claim.updatedAt, openedAt: claim.openedAt, updatedAt: claim.updatedAt,
    mac: claim.mac, extension: claim.extension, accountId: claim.accountId, email: claim.email, customerName: claim.contact.name,
    fault: claim.request.fault, model: claim.model ?? null, ...(claim.handedOverAt ? { handedOverAt: claim.handedOverAt } : {}),
    nextDeadline: claim.nextDeadline ?? null, flags: claim.flags, labels, tasks: openTasks, attention: attentionOf(timelineOf(claim)),
  };
}

/** The timeline entries that ask support's attention (domain/work-queues.ts), by field-safe key. */
export function attentionOf(entries: readonly TimelineEntry[]): Record<string, TimelineEntry> {
  return Object.fromEntries(entries.filter((entry) => attentionOfTimelineKey(entry.key)).map((entry) => [fieldSafeKey(entry.key), entry]));
}

/**
 * Creates the claim, with its first change applied when the opening carries one. A claim that is not finished goes
 * into the working set: its whole document and, unless the next change adds it, its entry, in one insert (the
 * document's a first-writer race); a claim opened already finished (e.g. denied) goes into `claims` and under the
 * history lists instead. Then, in parallel, an older token's lookup is recorded (none for a new token, which names
 * its claim) and the claim is filed under the search lists. An opening that carries a change leaves the search lists,
 * and the entry unless it opens a task (a device review, on its queue at once), to the claim's next change
 * (`fileOpened`), so that support's answer waits for no more than the claim itself. A claim `filedAtClose` (opened
 * off support's answer) joins the working set at once and is filed under every list when it finishes. A retry (or a
 * concurrent attempt) loses the insert, reads the stored claim and does the rest again: its token is kept, a repeated
 * list entry is dropped by readers, the token's lookup and the entry are first-writer-wins inserts. Returns the
 * stored claim.
 */
export async function openClaim(db: Db, input: RecordClaimOpenedInput, now: Date): Promise<ClaimDoc> {
  const parsed = parseOrThrow(recordClaimOpenedInputSchema, input, 'recordClaimOpened input');
  const openedAt = new Date(parsed.openedAt).toISOString();
  const { request } = parsed;
  const opened = { key: 'opened', at: openedAt, status: 'received' as const, message: 'Replacement claim opened', ...(request.triggeredBy ? { actor: request.triggeredBy } : {}) };
  const fresh = parseClaim({
    claimId: parsed.claimId, workflowId: parsed.workflowId, status: 'received', trackingToken: parsed.trackingToken ?? newTrackingToken(parsed.claimId),
    openedAt, updatedAt: now.toISOString(), request, mac: request.mac, extension: request.extension, accountId: request.accountId,
    email: request.contact.email.toLowerCase(), contact: request.contact, shipTo: request.shipTo, model: parsed.model ?? null,
    legs: {}, flags: { billing: false, escalated: false }, timelineByKey: { opened }, tasks: {}, ...(parsed.policy ? { policy: parsed.policy } : {}),
    ...(parsed.filedAtClose ? { filedAtClose: true } : {}),
  });
  const doc = parsed.change ? withChange(fresh, parsed.change, now.toISOString()) : fresh;
  const finished = isTerminalStatus(doc.status);
  const filedAtClose = doc.filedAtClose === true;
  // A claim filed at its close, or whose opening opens a task, gets its entry now; otherwise the next change adds it.
  const entryNow = !finished && (filedAtClose || !parsed.change || (parsed.change.tasksOpened?.length ?? 0) > 0);
  const won = finished ? await insertFinishedClaim(db, doc) : await insertOpenClaim(db, doc, entryNow ? activeEntryOf(doc) : undefined);
  const claim = won ? doc : await findClaimDoc(db, doc.claimId);
  if (!claim) throw new Error(`claim ${doc.claimId} was not stored; retry`);
  if (claim.status !== doc.status) return claim; // it has moved on: filed long ago (and perhaps finished)
  await Promise.all([
    recordTrackingToken(db, claim.trackingToken, claim.claimId),
    ...(finished ? [fileFinishedClaim(db, finishedSummaryOf(claim, claim.closedAt ?? claim.updatedAt), filedAtClose)] : []),
    ...(parsed.change || filedAtClose ? [] : [fileOpenedClaim(db, summaryOf(claim))]),
    ...(!won && entryNow ? [addActiveClaim(db, activeEntryOf(claim))] : []), // a retry: the entry may not have gone in
  ]);
  return claim;
}

/** Inserts a claim that is finished at its opening into `claims` (`$setOnInsert` by `_id`); true when this caller did. */
async function insertFinishedClaim(db: Db, doc: ClaimDoc): Promise<boolean> {
  const inserted = await claims(db).updateOne({ _id: doc.claimId }, { $setOnInsert: { _id: doc.claimId, ...doc } }, { upsert: true }).catch(async (error: unknown) => {
    if (isDuplicateKey(error)) return { upsertedCount: 0 }; // a concurrent attempt inserted it
    throw error;
  });
  return inserted.upsertedCount === 1;
}

/** The claim document with a change applied in memory: the same paths `applyClaimChange` sets in the database. */
function withChange(claim: ClaimDoc, change: ClaimChangeFields, now: string): ClaimDoc {
  const doc = structuredClone(claim) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(claimSetOf({ claimId: claim.claimId, ...change }, now))) {
    const parts = path.split('.');
    let into = doc;
    for (const part of parts.slice(0, -1)) into = (into[part] ??= {}) as Record<string, unknown>;
    into[parts.at(-1)!] = value;
  }
  return parseClaim(doc);
}

/** The claim document's `$set` for a change (the timeline entries under their keys, tasks under their kind). */
function claimSetOf(change: ClaimChange, now: string): Record<string, unknown> {
  const set: Record<string, unknown> = { updatedAt: now };
  const fields = ['status', 'decision', 'model', 'unit', 'shipTo', 'replacementMac', 'handedOverAt', 'nextDeadline'] as const;
  for (const field of fields) if (change[field] !== undefined) set[field] = change[field];
  for (const [leg, label] of Object.entries(change.labels ?? {})) set[`legs.${leg}`] = label;
  for (const [flag, value] of Object.entries(change.flags ?? {})) if (value !== undefined) set[`flags.${flag}`] = value;
  for (const entry of change.timeline ?? []) set[timelineField(entry.key)] = { ...entry, at: new Date(entry.at).toISOString() };
  for (const task of tasksAfter(change)) {
    if (task.opened) set[`tasks.${task.kind}`] = task.opened;
    else Object.assign(set, { [`tasks.${task.kind}.status`]: task.closed!.status, [`tasks.${task.kind}.outcome`]: task.closed!.outcome, [`tasks.${task.kind}.closedAt`]: task.closed!.closedAt });
  }
  if (change.status && isTerminalStatus(change.status)) set.closedAt = now;
  return set;
}

/**
 * Each task a change touches, as it stands after the change: `opened` is the whole task document when the change
 * opened it (closed too when the change also closed it), `closed` the closing fields of a task opened earlier.
 */
function tasksAfter(change: ClaimChange): Array<{ kind: TaskKind; opened?: TaskDoc; closed?: Pick<TaskDoc, 'status' | 'outcome' | 'closedAt'> }> {
  const closings = new Map((change.tasksClosed ?? []).map((closing) => [closing.kind, {
    status: closing.outcome === 'cancelled' ? 'cancelled' as const : 'done' as const, outcome: closing.outcome, closedAt: closing.closedAt,
  }]));
  const opened = (change.tasksOpened ?? []).map((task) => ({
    kind: task.kind,
    opened: {
      taskId: taskIdFor(change.claimId, task.kind), claimId: change.claimId, kind: task.kind, status: 'open' as const, assignee: null,
      slaDueAt: task.slaDueAt, summary: task.summary, openedAt: task.openedAt, takenAt: null, closedAt: null, outcome: null, round: task.round,
      ...closings.get(task.kind),
    },
  }));
  const closedOnly = [...closings].filter(([kind]) => !opened.some((task) => task.kind === kind)).map(([kind, closed]) => ({ kind, closed }));
  return [...opened, ...closedOnly];
}

/** The working-set update for a change: what lists and queues show (nothing when the change touches none of it). */
function activeUpdateOf(change: ClaimChange, now: string): { set: Record<string, unknown>; unset: string[] } {
  const set: Record<string, unknown> = {};
  const fields = ['status', 'model', 'handedOverAt', 'nextDeadline'] as const;
  for (const field of fields) if (change[field] !== undefined) set[field] = change[field];
  if (change.status !== undefined) set.statusSince = now;
  for (const [flag, value] of Object.entries(change.flags ?? {})) if (value !== undefined) set[`flags.${flag}`] = value;
  for (const [leg, label] of Object.entries(change.labels ?? {})) set[`labels.${leg}`] = label.labelUrl;
  for (const [key, entry] of Object.entries(attentionOf(change.timeline ?? []))) set[`attention.${key}`] = { ...entry, at: new Date(entry.at).toISOString() };
  const unset: string[] = [];
  for (const task of tasksAfter(change)) {
    if (task.opened?.status === 'open') set[`tasks.${task.kind}`] = task.opened;
    else unset.push(`tasks.${task.kind}`);
  }
  if (Object.keys(set).length > 0 || unset.length > 0) set.updatedAt = now;
  return { set, unset };
}

/**
 * Applies one change. A claim whose document is in the working set: one command sets the change on the document and,
 * when lists or queues show what changed, on its entry (rebuilt from the claim when missing). A change to a terminal
 * status reads the claim as it then stands, writes it to `claims` and files it under the history lists, then takes it
 * out of the working set; a change marked `fileOpened` files it under its search lists and writes its whole entry. A
 * claim opened by older versions (its document in `claims`) is written there, its entry beside it, as those versions
 * did. A claim in neither place is bad data.
 */
export async function applyClaimChange(db: Db, input: ClaimChange, now: Date): Promise<void> {
  const change = parseOrThrow(claimChangeSchema, input, 'projectClaim input');
  const at = now.toISOString();
  const finished = change.status !== undefined && isTerminalStatus(change.status);
  const set = claimSetOf(change, at);
  if (!finished && !change.fileOpened) {
    const entry = activeUpdateOf(change, at);
    const touchesEntry = Object.keys(entry.set).length > 0 || entry.unset.length > 0;
    const matched = await updateOpenClaim(db, change.claimId, set, touchesEntry ? entry : undefined);
    if (matched.document) {
      if (touchesEntry && !matched.entry) await restoreEntry(db, change.claimId);
      return;
    }
    if ((await claims(db).updateOne({ _id: change.claimId }, { $set: set })).matchedCount === 0) throw notInReadModel(change.claimId);
    if (touchesEntry && !matched.entry && !(await updateActiveClaim(db, change.claimId, entry.set, entry.unset))) await restoreEntry(db, change.claimId);
    return;
  }
  const open = await findAndUpdateOpenClaim(db, change.claimId, set);
  const stored = open ?? await claims(db).findOneAndUpdate({ _id: change.claimId }, { $set: set }, { returnDocument: 'after' }).then((doc) => (doc ? parseClaim(doc) : null));
  if (!stored) throw notInReadModel(change.claimId);
  const claim = stored;
  const filed = change.fileOpened ? fileOpenedClaim(db, summaryOf(claim)) : undefined;
  if (!finished) {
    // The opening's change left the entry to this one: the whole entry, from the claim as it now stands (a claim
    // opened finished, e.g. denied, was filed under the history lists instead).
    await Promise.all([filed, isTerminalStatus(claim.status) ? undefined : putActiveClaim(db, activeEntryOf(claim))]);
    return;
  }
  // The finished claim goes to `claims` before it leaves the working set: a crash in between leaves it in both.
  const kept = open ? claims(db).replaceOne({ _id: claim.claimId }, { _id: claim.claimId, ...claim }, { upsert: true }).catch(ignoreDuplicateKey) : undefined;
  await Promise.all([filed, kept, fileFinishedClaim(db, finishedSummaryOf(claim, claim.closedAt ?? at), claim.filedAtClose === true)]);
  await removeOpenClaim(db, change.claimId);
}

/** Puts a claim's missing entry back from the claim (a claim that has finished meanwhile gets none). */
async function restoreEntry(db: Db, claimId: string): Promise<void> {
  const claim = await findClaimDoc(db, claimId);
  if (claim && !isTerminalStatus(claim.status)) await addActiveClaim(db, activeEntryOf(claim));
}

function ignoreDuplicateKey(error: unknown): void {
  if (!isDuplicateKey(error)) throw error; // a concurrent retry wrote the same claim
}

function notInReadModel(claimId: string): DataValidationError {
  return new DataValidationError('projectClaim input', [{ field: 'claimId', reason: `no claim ${claimId} in the read model` }]);
}
