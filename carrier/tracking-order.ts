/** Carrier order of tracking statuses: a later status never moves a leg back to an earlier one. Pure. */
import type { TrackingStatus } from '../domain/types';

const RANK: Record<TrackingStatus, number> = { UNKNOWN: 0, PRE_TRANSIT: 1, TRANSIT: 2, FAILURE: 3, DELIVERED: 4, RETURNED: 4 };

/** Position of a status in carrier order (UNKNOWN < PRE_TRANSIT < TRANSIT < FAILURE < DELIVERED = RETURNED). */
export function statusRank(status: TrackingStatus): number {
  return RANK[status];
}

/** Where a leg stands: its latest applied status and when it happened. */
export interface LegPosition {
  rank: number;
  occurredAt: string;
}

/** True when an event may be applied: it moves forward, or is a later (or the same) scan at the same rank. */
export function isInOrder(current: LegPosition | undefined, status: TrackingStatus, occurredAt: string): boolean {
  if (!current) return true;
  const rank = statusRank(status);
  return rank > current.rank || (rank === current.rank && occurredAt >= current.occurredAt);
}

/** Statuses after which a leg needs no more polling. */
export function isFinalStatus(status: TrackingStatus): boolean {
  return status === 'DELIVERED' || status === 'RETURNED';
}
