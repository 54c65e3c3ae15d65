/** Claim statuses: which are terminal, and which transitions the lifecycle allows. */
import type { ClaimStatus } from './types';

const ALLOWED: Record<ClaimStatus, readonly ClaimStatus[]> = {
  received: ['under-review', 'approved', 'denied', 'cancelled'],
  'under-review': ['approved', 'denied', 'cancelled'],
  approved: ['backordered', 'address-problem', 'awaiting-shipment', 'cancelled'],
  backordered: ['address-problem', 'awaiting-shipment', 'cancelled'],
  'address-problem': ['awaiting-shipment', 'cancelled'],
  'awaiting-shipment': ['shipped', 'cancelled'],
  shipped: ['delivered', 'return-in-transit', 'return-received'],
  delivered: ['return-in-transit', 'return-overdue', 'return-received'],
  'return-overdue': ['return-in-transit', 'return-received', 'closed-unreturned'],
  'return-in-transit': ['return-received'],
  'return-received': ['closed'],
  denied: [],
  cancelled: [],
  closed: [],
  'closed-unreturned': [],
};

/** Statuses after which nothing more happens to the claim. */
export const TERMINAL_STATUSES: readonly ClaimStatus[] = ['denied', 'cancelled', 'closed', 'closed-unreturned'];

/** Statuses in which the replacement is already with the carrier or the customer (a cancel is refused). */
export const HANDED_OVER_STATUSES: readonly ClaimStatus[] = [
  'shipped',
  'delivered',
  'return-overdue',
  'return-in-transit',
  'return-received',
  'closed',
  'closed-unreturned',
];

/**
 * Why support cannot cancel the claim now, in the words the workflow refuses with (null: it can): the replacement
 * is already with the carrier or the customer, or the claim is finished.
 */
export function cancelRefusal(claim: { status: ClaimStatus; handedOverAt?: string }): string | null {
  if (claim.handedOverAt || HANDED_OVER_STATUSES.includes(claim.status)) {
    return `cannot cancel: the replacement was handed to the carrier on ${claim.handedOverAt ?? 'an earlier date'}`;
  }
  if (isTerminalStatus(claim.status)) return `cannot cancel: the claim is already ${claim.status}`;
  return null;
}

/** True when the claim is finished. */
export function isTerminalStatus(status: ClaimStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** True when the lifecycle allows moving from `from` to `to`. */
export function canTransition(from: ClaimStatus, to: ClaimStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** The statuses reachable from `from` in one step. */
export function nextStatuses(from: ClaimStatus): readonly ClaimStatus[] {
  return ALLOWED[from];
}

/** Throws when the transition is not allowed (a programming error in the workflow, never customer input). */
export function assertTransition(from: ClaimStatus, to: ClaimStatus): void {
  if (!canTransition(from, to)) {
    throw new Error(`claim status cannot move from "${from}" to "${to}"; allowed: ${ALLOWED[from].join(', ') || 'none (terminal)'}`);
  }
}
