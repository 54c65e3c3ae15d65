/** Reads of the claims read model: a claim by id or by its customer-page token, with its timeline. */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from 'mongodb';
import type { TimelineEntry } from '../domain/types';
import { claimIdOfToken } from './claim-index';
import { collection, collectionNames as c } from './collections';
import { claimDocSchema, type ClaimDoc, type ClaimView } from './schemas/claim';
import { parseOrThrow } from './validation';

const claims = (db: Db) => collection(db, c.claims);
/** Parses a stored claim (throws `DataValidationError` naming each bad field). */
export const parseClaim = (doc: unknown): ClaimDoc => parseOrThrow(claimDocSchema, doc, 'claim');

/** A key usable as a field name (`.` and `$` cannot appear in one). */
export function fieldSafeKey(key: string): string {
  return key.replace(/[.$]/g, '_');
}

/** The field of the claim document that holds the timeline entry with `key`. */
export function timelineField(key: string): string {
  return `timelineByKey.${fieldSafeKey(key)}`;
}

/** The claim's timeline, oldest first (ties by key). */
export function timelineOf(claim: ClaimDoc): TimelineEntry[] {
  return Object.values(claim.timelineByKey).sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}

/** The stored claim document (one read by `_id`), or null. */
export async function findClaimDoc(db: Db, claimId: string): Promise<ClaimDoc | null> {
  const doc = await claims(db).findOne({ _id: claimId });
  return doc ? parseClaim(doc) : null;
}

/** True when the stored claim has the timeline entry with `key` (one read by `_id` of that field alone). */
export async function hasTimelineEntry(db: Db, claimId: string, key: string): Promise<boolean> {
  const field = timelineField(key);
  const doc = await claims(db).findOne({ _id: claimId }, { projection: { [field]: 1 } });
  return Boolean((doc?.timelineByKey as Record<string, unknown> | undefined)?.[fieldSafeKey(key)]);
}

/** The claim with that id and its timeline, or null. */
export async function findClaim(db: Db, claimId: string): Promise<ClaimView | null> {
  const doc = await findClaimDoc(db, claimId);
  return doc ? withTimeline(doc) : null;
}

/** The claim behind a customer-page token, with its timeline, or null (one read by `_id`; two for an older token). */
export async function findClaimByTrackingToken(db: Db, trackingToken: string): Promise<ClaimView | null> {
  const claimId = await claimIdOfToken(db, trackingToken);
  const doc = claimId ? await findClaimDoc(db, claimId) : null;
  return doc && sameToken(doc.trackingToken, trackingToken) ? withTimeline(doc) : null;
}

/** Token equality in constant time (a token naming its claim must not leak its random part by timing). */
function sameToken(stored: string, given: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function withTimeline(claim: ClaimDoc): ClaimView {
  const { timelineByKey: _byKey, ...rest } = claim;
  return { ...rest, timeline: timelineOf(claim) };
}
