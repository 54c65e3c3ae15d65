/** Claims read-model repository: open, update with keyed timeline entries, and the reads support and customers need. */
import { randomBytes } from 'node:crypto';
import { MongoServerError, type Db } from 'mongodb';
import type { ClaimUpdate, RecordClaimOpenedInput } from '../activities/contract';
import type { TimelineEntry } from '../domain/types';
import { collection, collectionNames as c } from './collections';
import { claimQueries, timelineEntryId } from './queries';
import { claimDocSchema, timelineDocSchema, type ClaimDoc, type ClaimView } from './schemas/claim';
import { claimUpdateSchema, recordClaimOpenedInputSchema } from './schemas/claim-inputs';
import { DataValidationError, parseOrThrow } from './validation';

const claims = (db: Db) => collection(db, c.claims);
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === 11000;
/** Parses a stored claim (throws `DataValidationError` naming each bad field). */
export const parseClaim = (doc: unknown): ClaimDoc => parseOrThrow(claimDocSchema, doc, 'claim');

/** A fresh customer-page token: 144 random bits, URL-safe. */
export function newTrackingToken(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Creates the claim document, or finds it when it already exists: upsert by `claimId` with `$setOnInsert` only, so
 * the tracking token is generated once and a retry changes nothing (the unique index settles concurrent attempts).
 * Then adds the keyed `opened` timeline entry. Two writes, no transaction needed: both are idempotent and a retry
 * after a crash between them redoes the second.
 */
export async function openClaim(db: Db, input: RecordClaimOpenedInput, model: string | null): Promise<ClaimDoc> {
  const parsed = parseOrThrow(recordClaimOpenedInputSchema, input, 'recordClaimOpened input');
  const openedAt = new Date(parsed.openedAt).toISOString();
  const { request } = parsed;
  const doc = parseClaim({
    claimId: parsed.claimId, workflowId: parsed.workflowId, status: 'received', trackingToken: newTrackingToken(),
    openedAt, updatedAt: openedAt, request, mac: request.mac, extension: request.extension, accountId: request.accountId,
    email: request.contact.email.toLowerCase(), contact: request.contact, shipTo: request.shipTo, model,
    legs: {}, flags: { billing: false, escalated: false },
  });
  try {
    await claims(db).updateOne(claimQueries.byClaimId(doc.claimId), { $setOnInsert: doc }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error; // a concurrent attempt inserted it; read it below
  }
  await addTimelineEntry(db, doc.claimId, {
    key: 'opened', at: openedAt, status: 'received', message: 'Replacement claim opened', actor: request.triggeredBy,
  });
  const stored = await findClaimDoc(db, doc.claimId);
  if (!stored) throw new Error(`claim ${doc.claimId} was not stored; retry`);
  return stored;
}

/**
 * Applies a change to the claim, then adds its keyed timeline entry. Safe without a transaction: the `$set` is
 * idempotent (a retry writes the same values), and the entry is one insert whose `_id` is (claimId, key),
 * so a retried or concurrent write of the same entry is refused instead of duplicated. Returns false on a retry.
 * Note: on FerretDB v1 two concurrent updates of the SAME claim document may lose a field change (no per-document
 * atomicity there), so callers update one claim sequentially — the claim workflow awaits each update.
 */
export async function applyClaimUpdate(db: Db, input: ClaimUpdate, now: Date): Promise<boolean> {
  const update = parseOrThrow(claimUpdateSchema, input, 'updateClaim input');
  const set: Record<string, unknown> = { updatedAt: now.toISOString() };
  if (update.status !== undefined) set.status = update.status;
  if (update.decision !== undefined) set.decision = update.decision;
  if (update.unit !== undefined) set.unit = update.unit;
  if (update.label !== undefined) set[`legs.${update.label.leg}`] = update.label;
  if (update.shipTo !== undefined) set.shipTo = update.shipTo;
  if (update.replacementMac !== undefined) set.replacementMac = update.replacementMac;
  if (update.nextDeadline !== undefined) set.nextDeadline = update.nextDeadline;
  if (update.flags?.billing !== undefined) set['flags.billing'] = update.flags.billing;
  if (update.flags?.escalated !== undefined) set['flags.escalated'] = update.flags.escalated;
  const result = await claims(db).updateOne(claimQueries.byClaimId(update.claimId), { $set: set });
  if (result.matchedCount === 0) {
    throw new DataValidationError('updateClaim input', [{ field: 'claimId', reason: `no claim ${update.claimId} in the read model` }]);
  }
  return addTimelineEntry(db, update.claimId, update.entry);
}

/** Inserts one keyed timeline entry; false when an entry with that key is already there (a retry). */
export async function addTimelineEntry(db: Db, claimId: string, entry: TimelineEntry): Promise<boolean> {
  const doc = parseOrThrow(timelineDocSchema, { claimId, ...entry, at: new Date(entry.at).toISOString() }, 'timeline entry');
  try {
    await collection(db, c.claimTimeline).insertOne({ _id: timelineEntryId(claimId, entry.key), ...doc });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** The claim's timeline, oldest first (ties by key). */
export async function timelineOf(db: Db, claimId: string): Promise<TimelineEntry[]> {
  const docs = await collection(db, c.claimTimeline).find(claimQueries.timelineOf(claimId)).toArray();
  return docs
    .map((doc) => {
      const { claimId: _claim, ...entry } = parseOrThrow(timelineDocSchema, doc, `timeline of claim ${claimId}`);
      return entry;
    })
    .sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}

/** The claim document without its timeline (one read by `_id`), or null. */
export async function findClaimDoc(db: Db, claimId: string): Promise<ClaimDoc | null> {
  const doc = await claims(db).findOne(claimQueries.byClaimId(claimId));
  return doc ? parseClaim(doc) : null;
}

/** The claim with that id and its timeline, or null. */
export async function findClaim(db: Db, claimId: string): Promise<ClaimView | null> {
  const doc = await claims(db).findOne(claimQueries.byClaimId(claimId));
  return doc ? withTimeline(db, parseClaim(doc)) : null;
}

/** The claim behind a customer-page token, with its timeline, or null. */
export async function findClaimByTrackingToken(db: Db, trackingToken: string): Promise<ClaimView | null> {
  const doc = await claims(db).findOne(claimQueries.byTrackingToken(trackingToken));
  return doc ? withTimeline(db, parseClaim(doc)) : null;
}

async function withTimeline(db: Db, claim: ClaimDoc): Promise<ClaimView> {
  return { ...claim, timeline: await timelineOf(db, claim.claimId) };
}
