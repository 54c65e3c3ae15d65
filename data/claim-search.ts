/** Support's reads of the claims read model: search by indexed fields, and a cheap status report. */
import type { Db } from 'mongodb';
import { collection, collectionNames as c } from './collections';
import { parseClaim } from './claims';
import { claimQueries, type ClaimSearch } from './queries';
import { claimStatuses } from './schemas/common';
import type { ClaimDoc } from './schemas/claim';
import { normaliseMac } from '../domain/mac';
import { DataValidationError } from './validation';
import type { ClaimStatus } from '../domain/types';

/** Finds claims matching every given criterion (at least one), newest first, at most `limit` (default 50, max 200). */
export async function searchClaims(db: Db, criteria: ClaimSearch, limit = 50): Promise<ClaimDoc[]> {
  const normalised = { ...criteria };
  if (criteria.mac !== undefined) {
    const parsed = normaliseMac(criteria.mac);
    if (!parsed.ok) throw new DataValidationError('claim search', [{ field: 'mac', reason: parsed.reason }]);
    normalised.mac = parsed.mac;
  }
  if (criteria.status !== undefined && !(claimStatuses as readonly string[]).includes(criteria.status)) {
    throw new DataValidationError('claim search', [{ field: 'status', reason: `must be one of ${claimStatuses.join(', ')}` }]);
  }
  const filter = claimQueries.search(normalised);
  if (Object.keys(filter).length === 0) {
    throw new DataValidationError('claim search', [{ field: '(search)', reason: 'give at least one of status, mac, extension, email' }]);
  }
  const docs = await collection(db, c.claims).find(filter).toArray();
  return docs
    .map(parseClaim)
    .sort((a, b) => b.openedAt.localeCompare(a.openedAt))
    .slice(0, Math.min(Math.max(1, limit), 200));
}

/** Claim counts per status. */
export interface ClaimReport {
  byStatus: Record<ClaimStatus, number>;
  total: number;
}

/** Counts claims per status: one indexed equality count per status (no `$group`, which FerretDB v1 mostly lacks). */
export async function claimReport(db: Db): Promise<ClaimReport> {
  const counts = await Promise.all(
    claimStatuses.map((status) => collection(db, c.claims).countDocuments(claimQueries.byStatus(status))),
  );
  const byStatus = Object.fromEntries(claimStatuses.map((status, i) => [status, counts[i] ?? 0])) as Record<ClaimStatus, number>;
  return { byStatus, total: counts.reduce((sum, n) => sum + n, 0) };
}
