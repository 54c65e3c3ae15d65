/** Claims read-model repository: open, update with keyed timeline entries, and the reads support and customers need. */
import { randomBytes } from 'node:crypto';
import { MongoServerError, type Db } from 'mongodb';
import type { ClaimUpdate, RecordClaimOpenedInput } from '../activities/contract';
import type { TimelineEntry } from '../domain/types';
import { collection, collectionNames as c } from './collections';
import { claimQueries } from './queries';
import { claimDocSchema, type ClaimDoc, type ClaimView } from './schemas/claim';
import { timelineEntrySchema } from './schemas/common';
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

/** The field of the claim document that holds the timeline entry with `key` (`.` and `$` cannot appear in a field name). */
export function timelineField(key: string): string {
  return `timelineByKey.${key.replace(/[.$]/g, '_')}`;
}

/**
 * Creates the claim document with its `opened` timeline entry, or finds it when it already exists: one upsert by
 * `claimId` with `$setOnInsert` only, so the tracking token is generated once and a retry changes nothing (the
 * unique `_id` settles concurrent attempts); then one read for the stored document.
 */
export async function openClaim(db: Db, input: RecordClaimOpenedInput, model: string | null): Promise<ClaimDoc> {
  const parsed = parseOrThrow(recordClaimOpenedInputSchema, input, 'recordClaimOpened input');
  const openedAt = new Date(parsed.openedAt).toISOString();
  const { request } = parsed;
  const opened: TimelineEntry = { key: 'opened', at: openedAt, status: 'received', message: 'Replacement claim opened', ...(request.triggeredBy ? { actor: request.triggeredBy } : {}) };
  const doc = parseClaim({
    claimId: parsed.claimId, workflowId: parsed.workflowId, status: 'received', trackingToken: newTrackingToken(),
    openedAt, updatedAt: openedAt, request, mac: request.mac, extension: request.extension, accountId: request.accountId,
    email: request.contact.email.toLowerCase(), contact: request.contact, shipTo: request.shipTo, model,
    legs: {}, flags: { billing: false, escalated: false }, timelineByKey: { opened }, ...(parsed.policy ? { policy: parsed.policy } : {}),
  });
  try {
    await claims(db).updateOne(claimQueries.byClaimId(doc.claimId), { $setOnInsert: doc }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error; // a concurrent attempt inserted it; read it below
  }
  const stored = await findClaimDoc(db, doc.claimId);
  if (!stored) throw new Error(`claim ${doc.claimId} was not stored; retry`);
  return stored;
}

/**
 * Applies a change to the claim and sets its keyed timeline entry, in one update by `_id`: idempotent (a retry sets
 * the same values and the same entry again, never a second entry), atomic per document on MongoDB. On FerretDB v1
 * two concurrent updates of the SAME claim may lose a field change (no per-document atomicity there), so callers
 * update one claim sequentially: the claim workflow awaits each update.
 */
export async function applyClaimUpdate(db: Db, input: ClaimUpdate, now: Date): Promise<void> {
  const update = parseOrThrow(claimUpdateSchema, input, 'updateClaim input');
  const entry = parseOrThrow(timelineEntrySchema, { ...update.entry, at: new Date(update.entry.at).toISOString() }, 'timeline entry');
  const set: Record<string, unknown> = { updatedAt: now.toISOString(), [timelineField(entry.key)]: entry };
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
}

/** The claim's timeline, oldest first (ties by key). */
export function timelineOf(claim: ClaimDoc): TimelineEntry[] {
  return Object.values(claim.timelineByKey).sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}

/** The claim document without its timeline (one read by `_id`), or null. */
export async function findClaimDoc(db: Db, claimId: string): Promise<ClaimDoc | null> {
  const doc = await claims(db).findOne(claimQueries.byClaimId(claimId));
  return doc ? parseClaim(doc) : null;
}

/** The claim with that id and its timeline, or null. */
export async function findClaim(db: Db, claimId: string): Promise<ClaimView | null> {
  const doc = await claims(db).findOne(claimQueries.byClaimId(claimId));
  return doc ? withTimeline(parseClaim(doc)) : null;
}

/** The claim behind a customer-page token, with its timeline, or null. */
export async function findClaimByTrackingToken(db: Db, trackingToken: string): Promise<ClaimView | null> {
  const doc = await claims(db).findOne(claimQueries.byTrackingToken(trackingToken));
  return doc ? withTimeline(parseClaim(doc)) : null;
}

function withTimeline(claim: ClaimDoc): ClaimView {
  const { timelineByKey: _byKey, ...rest } = claim;
  return { ...rest, timeline: timelineOf(claim) };
}
