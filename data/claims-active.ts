/**
 * The working set: one small document per claim that is not finished (`claims_active`), holding what lists, counts,
 * work queues and the tracking poller need, and the claim's open tasks. A claim leaves it when it finishes, so a
 * scan of it costs what the work in progress costs, never what the history costs. Written only by the claim's
 * projection (data/claim-projection.ts), one claim at a time, so its writers never overlap.
 */
import type { Db } from 'mongodb';
import { firstInsertWins } from '../storage/first-writer';
import { collection, collectionNames as c } from './collections';
import { activeClaimQueries, type ActiveClaimKey } from './queries';
import { activeClaimSchema, type ActiveClaim } from './schemas/claim';
import { parseOrThrow } from './validation';

const active = (db: Db) => collection(db, c.claimsActive);
const parseActive = (doc: unknown): ActiveClaim => parseOrThrow(activeClaimSchema, doc, 'active claim');

/** Adds the claim to the working set (idempotent: a retry finds it there and leaves it). */
export async function addActiveClaim(db: Db, claim: ActiveClaim): Promise<void> {
  const doc = parseActive(claim);
  await firstInsertWins(active(db), { _id: doc.claimId, ...doc });
}

/** Writes the claim's whole entry (idempotent: a retry writes the same entry again, rebuilt from the claim). */
export async function putActiveClaim(db: Db, claim: ActiveClaim): Promise<void> {
  const doc = parseActive(claim);
  await active(db).replaceOne({ _id: doc.claimId }, doc, { upsert: true });
}

/** Sets fields of an active claim (dotted paths allowed); false when the claim is not in the working set. */
export async function updateActiveClaim(db: Db, claimId: string, set: Record<string, unknown>, unset: string[] = []): Promise<boolean> {
  const update = { $set: set, ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) } : {}) };
  return (await active(db).updateOne({ _id: claimId }, update)).matchedCount > 0;
}

/** Removes a finished claim from the working set (idempotent). */
export async function removeActiveClaim(db: Db, claimId: string): Promise<void> {
  await active(db).deleteOne({ _id: claimId });
}

/** The active claim, or null (one read by `_id`). */
export async function findActiveClaim(db: Db, claimId: string): Promise<ActiveClaim | null> {
  const doc = await active(db).findOne({ _id: claimId });
  return doc ? parseActive(doc) : null;
}

/**
 * The active claims whose `key` equals `value` (filtered by the database: an index on MongoDB, a scan of the working
 * set on FerretDB, which returns only the matches).
 */
export async function activeClaimsWith(db: Db, key: ActiveClaimKey, value: string): Promise<ActiveClaim[]> {
  return (await active(db).find(activeClaimQueries.byKey(key, value)).toArray()).map(parseActive);
}

/** Every active claim (the whole working set: bounded by the work in progress, not by the history). */
export async function activeClaims(db: Db): Promise<ActiveClaim[]> {
  return (await active(db).find({}).toArray()).map(parseActive);
}
