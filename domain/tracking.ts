/** Carrier tracking status order: a status older than the current one never moves a leg (or the claim) back. */
import type { TrackingStatus } from './types';

const RANK: Record<TrackingStatus, number> = { UNKNOWN: 0, PRE_TRANSIT: 1, TRANSIT: 2, FAILURE: 3, DELIVERED: 4, RETURNED: 4 };

/** Position of a status in carrier order (UNKNOWN < PRE_TRANSIT < TRANSIT < FAILURE < DELIVERED = RETURNED). */
export function trackingRank(status: TrackingStatus): number {
  return RANK[status];
}

/** True when `next` is later in carrier order than `current` (no current status: anything but UNKNOWN advances). */
export function advancesTracking(current: TrackingStatus | undefined, next: TrackingStatus): boolean {
  return RANK[next] > (current === undefined ? 0 : RANK[current]);
}

/** True when the status shows the parcel is with (or past) the carrier: a scan, not just a label. */
export function isCarrierScan(status: TrackingStatus): boolean {
  return status === 'TRANSIT' || status === 'DELIVERED' || status === 'RETURNED' || status === 'FAILURE';
}

/** Statuses after which a leg needs no more tracking. */
export function isFinalStatus(status: TrackingStatus): boolean {
  return status === 'DELIVERED' || status === 'RETURNED';
}
