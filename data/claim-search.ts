/**
 * Support's claim search, newest first, a page at a time: by MAC, email or extension, or the newest claims, through
 * the working set (open claims, newest opened first: a claim filed at its close is in no list while open) and then
 * their numbered lists; by a terminal status through its history list; by an open status through the working set.
 * Each page reads at most a few times `limit` documents by `_id` (or the working set), whatever the history holds.
 */
import type { Db } from 'mongodb';
import { normaliseMac } from '../domain/mac';
import { isTerminalStatus } from '../domain/status';
import type { ClaimStatus } from '../domain/types';
import { claimListKeys, claimListPage } from './claim-index';
import { activeClaims, activeClaimsWith } from './claims-active';
import { collection, collectionNames as c } from './collections';
import { claimStatuses } from './schemas/common';
import type { ClaimSummary } from './schemas/claim';
import { DataValidationError } from './validation';

/** What support may search claims by (all given criteria must match). */
export interface ClaimSearch {
  status?: ClaimStatus;
  mac?: string;
  extension?: string;
  email?: string;
}

/** One page of results; `next` continues the search (absent at the end). */
export interface ClaimSearchPage {
  claims: ClaimSummary[];
  next?: string;
}

/** Most results one page returns. */
export const MAX_SEARCH_LIMIT = 200;
/** Pages of a list read while looking for matches of a second criterion before answering with what was found. */
const MAX_LIST_PAGES = 4;

/** Finds claims matching every given criterion (none: the newest claims), newest first, `limit` (default 50) a page. */
export async function searchClaims(db: Db, criteria: ClaimSearch, options: { limit?: number; cursor?: string } = {}): Promise<ClaimSearchPage> {
  const wanted = normalised(criteria);
  const limit = Math.min(Math.max(1, options.limit ?? 50), MAX_SEARCH_LIMIT);
  const listKey = wanted.mac ? claimListKeys.byMac(wanted.mac)
    : wanted.email ? claimListKeys.byEmail(wanted.email)
      : wanted.extension ? claimListKeys.byExtension(wanted.extension)
        : wanted.status && isTerminalStatus(wanted.status) ? claimListKeys.byTerminalStatus(wanted.status)
          : wanted.status ? undefined : claimListKeys.opened;
  if (listKey === undefined) return activeMatching(db, wanted, limit, options.cursor);
  const settled = listKey.startsWith('status:');
  const found: ClaimSummary[] = [];
  const seen = new Set<string>();
  let before: number | undefined;
  if (!settled && !options.cursor?.startsWith('list:')) {
    const open = await activeMatching(db, wanted, limit, options.cursor, LIST_FROM_TOP);
    if (open.next) return open; // a page of open claims: the next goes on in the working set, then the list
    for (const claim of open.claims) {
      found.push(claim);
      seen.add(claim.claimId);
    }
  } else before = listCursor(options.cursor);
  for (let page = 0; page < MAX_LIST_PAGES && found.length < limit && before !== 0; page += 1) {
    const listed = await claimListPage(db, listKey, limit - found.length, before);
    const fresh = listed.entries.map((entry) => entry.item).filter((item) => !seen.has(item.claimId) && seen.add(item.claimId));
    // An open claim's entry (filed at its opening) is left out: open claims come from the working set, above.
    const current = settled ? fresh : (await currentSummaries(db, fresh)).filter((claim) => isTerminalStatus(claim.status));
    found.push(...current.filter((claim) => matches(claim, wanted)));
    before = listed.before ?? 0;
  }
  return { claims: found, ...(before ? { next: `list:${before}` } : {}) };
}

function normalised(criteria: ClaimSearch): ClaimSearch {
  const wanted: ClaimSearch = { ...criteria, ...(criteria.email ? { email: criteria.email.toLowerCase() } : {}) };
  if (criteria.mac !== undefined) {
    const parsed = normaliseMac(criteria.mac);
    if (!parsed.ok) throw new DataValidationError('claim search', [{ field: 'mac', reason: parsed.reason }]);
    wanted.mac = parsed.mac;
  }
  if (criteria.status !== undefined && !(claimStatuses as readonly string[]).includes(criteria.status)) {
    throw new DataValidationError('claim search', [{ field: 'status', reason: `must be one of ${claimStatuses.join(', ')}` }]);
  }
  return wanted;
}

function matches(claim: ClaimSummary, wanted: ClaimSearch): boolean {
  return (!wanted.status || claim.status === wanted.status) && (!wanted.mac || claim.mac === wanted.mac)
    && (!wanted.email || claim.email === wanted.email) && (!wanted.extension || claim.extension === wanted.extension);
}

/** The cursor of a list read from its newest entry (after a page that ended with the last open claim). */
const LIST_FROM_TOP = 'list:top';

function listCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === LIST_FROM_TOP) return undefined;
  const match = /^list:(\d{1,12})$/.exec(cursor);
  if (!match) throw new DataValidationError('claim search', [{ field: 'cursor', reason: 'is not a cursor this search returned' }]);
  return Number(match[1]);
}

/** The listed claims as they stand now: status, model and closing time read from each claim (by `_id`). */
async function currentSummaries(db: Db, listed: ClaimSummary[]): Promise<ClaimSummary[]> {
  const claims = collection(db, c.claims);
  const now = await Promise.all(listed.map((item) => claims.findOne({ _id: item.claimId }, { projection: { status: 1, model: 1, closedAt: 1 } })));
  return listed.flatMap((item, i) => {
    const doc = now[i];
    if (!doc) return [];
    return [{ ...item, status: doc.status as ClaimStatus, model: (doc.model as string | null | undefined) ?? item.model ?? null, ...(doc.closedAt ? { closedAt: String(doc.closedAt) } : {}) }];
  });
}

/**
 * Open claims matching every criterion, from the working set, newest first, continuing after `cursor`
 * (`open:<openedAt>|<claimId>`); `then`: the cursor to give when the page is full and no open claim is left.
 */
async function activeMatching(db: Db, wanted: ClaimSearch, limit: number, cursor: string | undefined, then?: string): Promise<ClaimSearchPage> {
  const after = cursor === undefined ? undefined : /^open:(.+)$/.exec(cursor)?.[1];
  if (cursor !== undefined && after === undefined) throw new DataValidationError('claim search', [{ field: 'cursor', reason: 'is not a cursor this search returned' }]);
  const keyOf = (claim: { openedAt: string; claimId: string }) => `${claim.openedAt}|${claim.claimId}`;
  const key = (['mac', 'email', 'extension', 'status'] as const).find((name) => wanted[name] !== undefined);
  const matching = (await (key ? activeClaimsWith(db, key, wanted[key]!) : activeClaims(db)))
    .map((claim): ClaimSummary => ({
      claimId: claim.claimId, status: claim.status, mac: claim.mac, extension: claim.extension, accountId: claim.accountId,
      email: claim.email, model: claim.model ?? null, openedAt: claim.openedAt,
    }))
    .filter((claim) => matches(claim, wanted) && (after === undefined || keyOf(claim) < after))
    .sort((a, b) => keyOf(b).localeCompare(keyOf(a)));
  const page = matching.slice(0, limit);
  const next = matching.length > limit ? `open:${keyOf(page[page.length - 1]!)}` : page.length === limit ? then : undefined;
  return { claims: page, ...(next ? { next } : {}) };
}
