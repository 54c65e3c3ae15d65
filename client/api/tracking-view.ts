/**
 * The customer's view of a claim: status in plain words, the steps of the claim, what to do while the return is due,
 * parcels and history, in the customer's time zone. No address, phone, email, MAC, unit or internal model id.
 */
import type { z } from 'zod';
import type { ClaimView } from '../../data/schemas/claim';
import type { ClaimStatus } from '../../domain/types';
import type { ClaimFacts } from '../../notifications/templates';
import { DEFAULT_READER } from '../../notifications/templates/format';
import type { trackingResponse } from './schemas';

/** What `GET /track/:token` returns. */
export type TrackingView = z.output<typeof trackingResponse>;

const CUSTOMER_TEXT: Record<ClaimStatus, string> = {
  received: 'We received your replacement request.',
  'under-review': 'Your request is being reviewed by a supervisor.',
  denied: 'Your request was not approved. Support has explained why by email.',
  approved: 'Your replacement was approved.',
  backordered: 'Your replacement is on back-order; we will ship it as soon as stock arrives.',
  'address-problem': 'We need to confirm your delivery address; support will contact you.',
  'awaiting-shipment': 'Your replacement is being packed.',
  shipped: 'Your replacement is on its way.',
  delivered: 'Your replacement was delivered. Please return the defective device.',
  'return-overdue': 'We have not received the defective device yet; please send it back.',
  'return-in-transit': 'Your returned device is on its way to us.',
  'return-received': 'We received the defective device.',
  closed: 'All done: your claim is closed. Thank you!',
  'closed-unreturned': 'Your claim is closed; the defective device was not returned.',
  cancelled: 'Your replacement request was cancelled.',
};

/** The steps of a claim as the customer follows them. */
export const CLAIM_STEPS = ['Requested', 'Approved', 'Shipped', 'Delivered', 'Return on its way', 'Closed'] as const;

/** Where each status stands on the steps (index into CLAIM_STEPS). */
const STEP_OF: Record<ClaimStatus, number> = {
  received: 0, 'under-review': 0, denied: 0, approved: 1, backordered: 1, 'address-problem': 1, 'awaiting-shipment': 1,
  shipped: 2, delivered: 3, 'return-overdue': 3, 'return-in-transit': 4, 'return-received': 4, closed: 5, 'closed-unreturned': 5, cancelled: 0,
};

/** Statuses in which the defective device is due back (the return label may be printed again). */
export const RETURN_DUE_STATUSES: readonly ClaimStatus[] = ['delivered', 'return-overdue'];

/** The steps with their state: done, the current one, upcoming, or where the claim stopped (denied, cancelled, unreturned). */
export function progressOf(claim: Pick<ClaimView, 'status' | 'timeline'>): TrackingView['progress'] {
  const reached = Math.max(0, ...claim.timeline.map((entry) => (entry.status && entry.status !== 'cancelled' ? STEP_OF[entry.status] : 0)));
  const stoppedAt: Partial<Record<ClaimStatus, [number, string]>> = {
    denied: [1, 'Not approved'], cancelled: [reached + 1, 'Cancelled'], 'closed-unreturned': [5, 'Closed: not returned'],
  };
  const stop = stoppedAt[claim.status];
  const current = stop ? stop[0] : STEP_OF[claim.status];
  return CLAIM_STEPS.map((label, index) => {
    if (claim.status === 'closed' || index < current) return { label, state: claim.status === 'closed-unreturned' && index === 4 ? 'skipped' : 'done' };
    if (index === current) return stop ? { label: stop[1], state: 'stopped' } : { label, state: 'current' };
    return { label, state: stop ? 'skipped' : 'upcoming' };
  });
}

/** Builds the customer's view from the claim and its display names (see `claimFactsOf`). */
export function trackingViewOf(claim: ClaimView, facts: Omit<ClaimFacts, 'trackingPageUrl'> = {}): TrackingView {
  const shipments = (['outbound', 'return'] as const).flatMap((leg) => {
    const label = claim.legs[leg];
    if (!label) return [];
    const service = leg === 'outbound' && facts.outboundService ? { service: facts.outboundService } : {};
    return [{ leg, carrier: label.carrier, ...service, trackingNumber: label.trackingNumber, ...(label.trackingUrl ? { trackingUrl: label.trackingUrl } : {}) }];
  });
  const returnDue = RETURN_DUE_STATUSES.includes(claim.status);
  const deadline = claim.nextDeadline;
  return {
    claimId: claim.claimId,
    status: claim.status,
    headline: CUSTOMER_TEXT[claim.status],
    openedAt: claim.openedAt,
    model: facts.modelName ?? null,
    replacementModel: facts.replacementModelName ?? null,
    locale: claim.contact.locale ?? DEFAULT_READER.locale,
    timeZone: claim.contact.timeZone ?? DEFAULT_READER.timeZone,
    progress: progressOf(claim),
    returnDueAt: deadline?.kind === 'return-window' ? deadline.at : null,
    closesUnreturnedAt: claim.status === 'return-overdue' && deadline?.kind === 'unreturned' ? deadline.at : null,
    canReprintReturnLabel: returnDue && claim.legs.return !== undefined,
    shipments,
    history: claim.timeline.filter((entry) => entry.status).map((entry) => ({ at: entry.at, status: entry.status!, message: CUSTOMER_TEXT[entry.status!] })),
  };
}
