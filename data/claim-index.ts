/**
 * How claims are found without scanning the claims: numbered lists (storage/numbered-list.ts) keyed by what
 * support searches by, and the tracking token's lookup document. Every read and write is by `_id`, so finding a
 * claim costs the same with 50 or 50,000 claims stored.
 *
 * Lists: every claim by opening (`opened`), by MAC (`mac:<MAC>`), by contact email (`email:<lower-cased>`), by
 * extension (`ext:<extension>`); finished claims by terminal status (`status:<status>`) and by the day they finished
 * (`closed-on:<YYYY-MM-DD>`, what the rollups fold). Entries carry the claim's summary as it was when listed; the
 * current status of an open claim is read from the working set. A claim marked `filedAtClose` is filed under all of
 * them when it finishes, and found in the working set while it is open.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { numberedLists, type ListPage } from '../storage/numbered-list';
import { firstInsertWins } from '../storage/first-writer';
import { claimIdNamedBy } from '../domain/ids';
import type { ClaimStatus } from '../domain/types';
import { collection, collectionNames as c } from './collections';
import type { ClaimSummary } from './schemas/claim';

/** The list keys a claim is filed under. */
export const claimListKeys = {
  opened: 'opened',
  byMac: (mac: string) => `mac:${mac}`,
  byEmail: (email: string) => `email:${email.toLowerCase()}`,
  byExtension: (extension: string) => `ext:${extension}`,
  byTerminalStatus: (status: ClaimStatus) => `status:${status}`,
  closedOn: (day: string) => `closed-on:${day}`,
};

/** The claim lists of `db`. */
export const claimLists = (db: Db) => numberedLists<ClaimSummary>(db, c.claimIndex);

/** The lists support searches a claim by (MAC, email, extension). */
const searchKeysOf = (summary: ClaimSummary): string[] =>
  [claimListKeys.byMac(summary.mac), claimListKeys.byEmail(summary.email), claimListKeys.byExtension(summary.extension)];

/** Files a claim under each of `keys` (one batch: three commands whatever their number). */
async function fileUnder(db: Db, keys: string[], summary: ClaimSummary): Promise<void> {
  await claimLists(db).appendToEach(keys.map((list) => ({ list, itemId: summary.claimId, item: summary })));
}

/** Files a newly opened claim under every list support searches (`opened`, MAC, email, extension). */
export async function fileOpenedClaim(db: Db, summary: ClaimSummary): Promise<void> {
  await fileUnder(db, [claimListKeys.opened, ...searchKeysOf(summary)], summary);
}

/** Files a claim under its MAC, email and extension lists (the `opened` list is appended apart, in opening order). */
export async function fileUnderSearchKeys(db: Db, summary: ClaimSummary): Promise<void> {
  await fileUnder(db, searchKeysOf(summary), summary);
}

/**
 * Files a finished claim under its terminal status and its closing day (the rollups' input); `withSearchLists`: also
 * under `opened` and its MAC, email and extension (a claim filed at its close, `filedAtClose`). One batch either way.
 */
export async function fileFinishedClaim(db: Db, summary: ClaimSummary & { closedAt: string }, withSearchLists = false): Promise<void> {
  const finished = [claimListKeys.byTerminalStatus(summary.status), claimListKeys.closedOn(summary.closedAt.slice(0, 10))];
  await fileUnder(db, withSearchLists ? [...finished, claimListKeys.opened, ...searchKeysOf(summary)] : finished, summary);
}

/** A page of one list, newest first. */
export function claimListPage(db: Db, key: string, limit: number, before?: number): Promise<ListPage<ClaimSummary>> {
  return claimLists(db).newest(key, { limit, ...(before !== undefined ? { before } : {}) });
}

const tokenKey = (token: string) => `token:${token}`;

/**
 * A new customer-page token for a claim: its id, a dot and 144 random bits (URL-safe), so the page reads the claim
 * by `_id` and compares the token, with no lookup document to write or read. Older tokens (the random part alone)
 * are found through their lookup documents.
 */
export function newTrackingToken(claimId: string): string {
  return `${claimId}.${randomBytes(18).toString('base64url')}`;
}

/** The lookup document that finds a claim by its tracking token. */
export function trackingTokenLookup(token: string, claimId: string): { _id: string; claimId: string } {
  return { _id: tokenKey(token), claimId };
}

/** Records which claim an older tracking token opens (idempotent: a retry finds it there); a token naming its claim needs nothing. */
export async function recordTrackingToken(db: Db, token: string, claimId: string): Promise<void> {
  if (claimIdNamedBy(token) !== undefined) return;
  await firstInsertWins(collection(db, c.claimLookups), trackingTokenLookup(token, claimId));
}

/**
 * The claim id a tracking token opens, or null: named by the token itself, or (older tokens) one read by `_id` of
 * its lookup document. The caller compares the claim's token: a named id proves nothing by itself.
 */
export async function claimIdOfToken(db: Db, token: string): Promise<string | null> {
  const named = claimIdNamedBy(token);
  if (named !== undefined) return named;
  const doc = await collection(db, c.claimLookups).findOne({ _id: tokenKey(token) });
  return doc ? String(doc.claimId) : null;
}
