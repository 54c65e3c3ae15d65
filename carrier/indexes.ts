/** MongoDB indexes of the carrier's collections; the data migration applies them. */
import type { IndexSpec } from '../storage/index-spec';

/** Collection names owned by the carrier module. */
export const CarrierCollections = {
  labelPurchases: 'label_purchases',
  labelPurchaseAttempts: 'label_purchase_attempts',
  /** Finished and voided legs' routes, and older versions' routes (`_id` = tracking number). */
  trackingNumbers: 'tracking_numbers',
  /** The routes of legs still being tracked (`_id` = tracking number): the poller's working set, left when a leg is done. */
  trackingActive: 'tracking_active',
  trackingEvents: 'tracking_events',
} as const;

/** Indexes for `label_purchases`, `label_purchase_attempts`, `tracking_numbers`, `tracking_active` and `tracking_events`. */
export const carrierIndexes: IndexSpec[] = [
  // One purchase intent per claim and leg: the exactly-once anchor for label buying.
  { collection: CarrierCollections.labelPurchases, key: { claimId: 1, leg: 1 }, name: 'label_purchases_claim_leg', unique: true },
  // A leg's latest purchase attempt (the right to buy itself is arbitrated by the attempt's unique `_id`).
  { collection: CarrierCollections.labelPurchaseAttempts, key: { purchaseId: 1, attemptNo: -1 }, name: 'label_purchase_attempts_purchase_attempt' },
  // Webhook routing: tracking number → claim and leg (finished legs, and routes of older versions).
  { collection: CarrierCollections.trackingNumbers, key: { trackingNumber: 1 }, name: 'tracking_numbers_number', unique: true },
  // Poller: legs whose last update is oldest come first (its working set: active routes, and older versions' stubs).
  { collection: CarrierCollections.trackingActive, key: { lastUpdateAt: 1 }, name: 'tracking_active_last_update' },
  // Duplicate webhook deliveries are dropped by event key.
  { collection: CarrierCollections.trackingEvents, key: { eventKey: 1 }, name: 'tracking_events_event_key', unique: true },
];
