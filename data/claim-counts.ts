/** Claims by status without counting the claims: the working set for claims in progress, the rollups for finished ones. */
import type { Db } from 'mongodb';
import type { ClaimStatus } from '../domain/types';
import { allTimeFigures } from './claim-rollups';
import { activeClaims } from './claims-active';
import type { ActiveClaim } from './schemas/claim';
import { claimStatuses } from './schemas/common';

/** Every status's count from the claims in progress and the finished claims' figures. */
export function countsByStatus(inProgress: readonly ActiveClaim[], finished: Partial<Record<ClaimStatus, number>>): Record<ClaimStatus, number> {
  const counts = Object.fromEntries(claimStatuses.map((status) => [status, finished[status] ?? 0])) as Record<ClaimStatus, number>;
  for (const claim of inProgress) counts[claim.status] += 1;
  return counts;
}

/** Claims by status at `now` (one scan of the working set, one rollup read per month of history). */
export async function claimCountsByStatus(db: Db, now: Date): Promise<Record<ClaimStatus, number>> {
  const [inProgress, finished] = await Promise.all([activeClaims(db), allTimeFigures(db, now.toISOString().slice(0, 10))]);
  return countsByStatus(inProgress, finished.byStatus);
}
