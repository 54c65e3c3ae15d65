/** The customer's view of a claim: status in plain words, parcels and history; no address, phone or email. */
import type { z } from 'zod';
import type { ClaimView } from '../../data/schemas/claim';
import type { ClaimStatus } from '../../domain/types';
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

/** Builds the customer's view. */
export function trackingViewOf(claim: ClaimView): TrackingView {
  const shipments = (['outbound', 'return'] as const).flatMap((leg) => {
    const label = claim.legs[leg];
    return label ? [{ leg, carrier: label.carrier, trackingNumber: label.trackingNumber, ...(label.trackingUrl ? { trackingUrl: label.trackingUrl } : {}) }] : [];
  });
  return {
    claimId: claim.claimId,
    status: claim.status,
    headline: CUSTOMER_TEXT[claim.status],
    openedAt: claim.openedAt,
    model: claim.model ?? null,
    returnDueAt: claim.nextDeadline?.kind === 'return-window' ? claim.nextDeadline.at : null,
    shipments,
    history: claim.timeline.filter((entry) => entry.status).map((entry) => ({ at: entry.at, status: entry.status!, message: CUSTOMER_TEXT[entry.status!] })),
  };
}
