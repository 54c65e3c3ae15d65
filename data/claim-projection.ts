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
import { addActiveClaim, putActiveClaim, removeActiveClaim, updateActiveClaim } from './claims-active';
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
 * Creates the claim: inserts the claim document (`$setOnInsert` by `_id`, with the opener's tracking token or a new
 * one, either naming it; with its first change applied when the opening carries one), then, in parallel, records an
 * older token's lookup (none for a new token), adds the claim to the working set (a claim opened already finished,
 * e.g. denied, goes under the history lists instead) and files it under the search lists. An opening that carries a
 * change leaves the search lists, and the working set unless it opens a task, to the claim's next change
 * (`fileOpened`), so that support's answer waits for no more than the claim itself. A claim `filedAtClose` (opened off
 * support's answer) joins the working set at once and is filed under every list when it finishes. A retry (or a
 * concurrent attempt) loses the insert, reads the stored claim and does the rest again: its token is kept, a repeated
 * list entry is dropped by readers, the token's lookup and the working-set entry are first-writer-wins inserts.
 * Returns the stored claim.
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
  const inserted = await claims(db).updateOne({ _id: doc.claimId }, { $setOnInsert: { _id: doc.claimId, ...doc } }, { upsert: true }).catch(async (error: unknown) => {
    if (isDuplicateKey(error)) return { upsertedCount: 0 }; // a concurrent attempt inserted it
    throw error;
  });
  const claim = inserted.upsertedCount === 1 ? doc : await findClaimDoc(db, doc.claimId);
  if (!claim) throw new Error(`claim ${doc.claimId} was not stored; retry`);
  if (claim.status !== doc.status) return claim; // it has moved on: filed long ago (and perhaps finished)
  const finished = isTerminalStatus(claim.status);
  const filedAtClose = claim.filedAtClose === true;
  await Promise.all([
    recordTrackingToken(db, claim.trackingToken, claim.claimId),
    ...(finished ? [fileFinishedClaim(db, finishedSummaryOf(claim, claim.closedAt ?? claim.updatedAt), filedAtClose)] : []),
    ...(parsed.change || filedAtClose ? [] : [fileOpenedClaim(db, summaryOf(claim))]),
    // A claim filed at its close, or whose opening opens a task (a device review, on its queue at once), joins the
    // working set now; otherwise the next change adds the entry.
    ...(finished || (parsed.change && !parsed.change.tasksOpened?.length && !filedAtClose) ? [] : [addActiveClaim(db, activeEntryOf(claim))]),
  ]);
  return claim;
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
 * Applies one change: one update of the claim document by `_id`; then, when lists or queues show what changed, one
 * update of its working-set entry (rebuilt from the claim when missing); a change to a terminal status files the
 * claim under the history lists and takes it out of the working set; a change marked `fileOpened` files it under its
 * search lists too and writes its whole working-set entry. A claim not in the read model is bad data.
 */
export async function applyClaimChange(db: Db, input: ClaimChange, now: Date): Promise<void> {
  const change = parseOrThrow(claimChangeSchema, input, 'projectClaim input');
  const at = now.toISOString();
  const finished = change.status !== undefined && isTerminalStatus(change.status);
  const filter = { _id: change.claimId };
  const update = { $set: claimSetOf(change, at) };
  if (!finished && !change.fileOpened) {
    const result = await claims(db).updateOne(filter, update);
    if (result.matchedCount === 0) throw notInReadModel(change.claimId);
    await updateWorkingSet(db, change, at);
    return;
  }
  const stored = await claims(db).findOneAndUpdate(filter, update, { returnDocument: 'after' });
  if (!stored) throw notInReadModel(change.claimId);
  const claim = parseClaim(stored);
  const filed = change.fileOpened ? fileOpenedClaim(db, summaryOf(claim)) : undefined;
  if (!finished) {
    // The opening's change left the working set to this one: the whole entry, from the claim as it now stands (a
    // claim opened finished, e.g. denied, was filed under the history lists instead).
    const entry = !change.fileOpened ? updateWorkingSet(db, change, at) : isTerminalStatus(claim.status) ? undefined : putActiveClaim(db, activeEntryOf(claim));
    await Promise.all([filed, entry]);
    return;
  }
  await Promise.all([filed, fileFinishedClaim(db, finishedSummaryOf(claim, claim.closedAt ?? at), claim.filedAtClose === true)]);
  await removeActiveClaim(db, change.claimId);
}

/** Updates the claim's working-set entry with what lists and queues show of a change (rebuilt from the claim when missing). */
async function updateWorkingSet(db: Db, change: ClaimChange, at: string): Promise<void> {
  const { set, unset } = activeUpdateOf(change, at);
  if (Object.keys(set).length === 0 && unset.length === 0) return;
  if (await updateActiveClaim(db, change.claimId, set, unset)) return;
  const claim = await findClaimDoc(db, change.claimId);
  if (claim && !isTerminalStatus(claim.status)) await addActiveClaim(db, activeEntryOf(claim));
}

function notInReadModel(claimId: string): DataValidationError {
  return new DataValidationError('projectClaim input', [{ field: 'claimId', reason: `no claim ${claimId} in the read model` }]);
}
