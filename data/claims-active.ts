/**
 * The working set (`claims_active`): per claim that is not finished, one small entry (`_id` = claim id) holding what
 * lists, counts, work queues and the tracking poller need, and the claim's open tasks; beside it, for claims opened
 * by this version, the claim's whole document (`_id` = `claim:<id>`, the claim under `claim`), so that one command
 * writes a change to both. A claim leaves it when it finishes (its document moves to `claims`), so a scan of it costs
 * what the work in progress costs, never what the history costs. Written only by the claim's projection
 * (data/claim-projection.ts), one claim at a time, so its writers never overlap.
 */
import type { AnyBulkWriteOperation, Db } from 'mongodb';
import { firstInsertsWin, firstInsertWins } from '../storage/first-writer';
import { parseClaim } from './claims';
import { collection, collectionNames as c, type StoredDocument } from './collections';
import { activeClaimQueries, openClaimDocId, type ActiveClaimKey } from './queries';
import { activeClaimSchema, type ActiveClaim, type ClaimDoc } from './schemas/claim';
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
  return (await active(db).updateOne({ _id: claimId }, entryUpdateOf({ set, unset }))).matchedCount > 0;
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
  return (await active(db).find(activeClaimQueries.entries()).toArray()).map(parseActive);
}

/** An entry's update: fields to set (dotted paths allowed) and fields to remove. */
export interface EntryUpdate {
  set: Record<string, unknown>;
  unset: string[];
}

const entryUpdateOf = ({ set, unset }: EntryUpdate) => ({ $set: set, ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) } : {}) });

/**
 * Puts a new open claim's whole document (and its entry, when given) into the working set: one insert, the
 * document's a first-writer race. True when this caller's document went in (false: an earlier or concurrent opening
 * put it there).
 */
export async function insertOpenClaim(db: Db, claim: ClaimDoc, entry?: ActiveClaim): Promise<boolean> {
  const docs: StoredDocument[] = [{ _id: openClaimDocId(claim.claimId), claim }, ...(entry ? [{ _id: entry.claimId, ...parseActive(entry) }] : [])];
  const [documentWon] = await firstInsertsWin(active(db), docs);
  return documentWon === true;
}

/** The open claim's whole document in the working set, or null (a finished claim, or one opened by older versions). */
export async function findOpenClaimDoc(db: Db, claimId: string): Promise<ClaimDoc | null> {
  const doc = await active(db).findOne(activeClaimQueries.openClaimDoc(claimId));
  return doc ? parseClaim(doc.claim) : null;
}

/**
 * Sets `claimSet` on the open claim's whole document and applies `entry` to its entry, in one command. Returns which
 * matched: `document` false means the claim's document is not in the working set (finished, or opened by older
 * versions, whose document lives in `claims`); `entry` false, no entry to update.
 */
export async function updateOpenClaim(db: Db, claimId: string, claimSet: Record<string, unknown>, entry?: EntryUpdate): Promise<{ document: boolean; entry: boolean }> {
  const writes: AnyBulkWriteOperation<StoredDocument>[] = [
    { updateOne: { filter: activeClaimQueries.openClaimDoc(claimId), update: { $set: nestedUnderClaim(claimSet) } } },
    ...(entry ? [{ updateOne: { filter: { _id: claimId }, update: entryUpdateOf(entry) } }] : []),
  ];
  const matched = (await active(db).bulkWrite(writes, { ordered: false })).matchedCount;
  if (!entry) return { document: matched === 1, entry: false };
  if (matched !== 1) return { document: matched === 2, entry: matched === 2 };
  // One of the two matched: the document, unless it is an older version's claim (then the entry did).
  const document = (await active(db).findOne(activeClaimQueries.openClaimDoc(claimId), { projection: { _id: 1 } })) !== null;
  return { document, entry: !document };
}

/** Sets `claimSet` on the open claim's whole document and returns the claim after it, or null when it is not there. */
export async function findAndUpdateOpenClaim(db: Db, claimId: string, claimSet: Record<string, unknown>): Promise<ClaimDoc | null> {
  const doc = await active(db).findOneAndUpdate(activeClaimQueries.openClaimDoc(claimId), { $set: nestedUnderClaim(claimSet) }, { returnDocument: 'after' });
  return doc ? parseClaim(doc.claim) : null;
}

/** Removes a finished claim's entry and whole document from the working set, in one command (idempotent). */
export async function removeOpenClaim(db: Db, claimId: string): Promise<void> {
  await active(db).bulkWrite([{ deleteOne: { filter: { _id: claimId } } }, { deleteOne: { filter: activeClaimQueries.openClaimDoc(claimId) } }], { ordered: false });
}

function nestedUnderClaim(set: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(set).map(([path, value]) => [`claim.${path}`, value]));
}
