/** The carrier port: what the product needs from a carrier, independent of Shippo's wire format. */
import type { LabelRecord, LegKind, PostalAddress, TrackingStatus } from '../domain/types';

/** Outcome of an address check: `valid: false` comes with the carrier's reasons. */
export interface AddressCheck {
  valid: boolean;
  messages: string[];
}

/** One purchasable rate of a shipment. `amount` is a decimal string as the carrier sent it. */
export interface RateOption {
  rateId: string;
  shipmentId: string;
  carrier: string;
  serviceLevel: string;
  serviceName: string;
  amount: string;
  currency: string;
  estimatedDays?: number;
}

/** What to ship: the outbound leg goes warehouse → customer; the return leg is a scan-based label customer → warehouse. */
export interface ShipmentRequest {
  leg: LegKind;
  customer: PostalAddress;
  /** Free text up to 100 characters stored with the shipment (claim id and leg). */
  reference: string;
}

/** A created shipment and the rates the carrier offers for it. */
export interface ShipmentQuote {
  shipmentId: string;
  rates: RateOption[];
  messages: string[];
}

/** A bought label, as the carrier reports it (the claim's `LabelRecord` adds which leg it is). */
export type PurchasedLabel = Omit<LabelRecord, 'leg'>;

/** One carrier scan. `eventId` is stable across webhook and poll (the carrier's object id). */
export interface TrackingCheckpoint {
  eventId: string;
  status: TrackingStatus;
  occurredAt: string;
  detail?: string;
}

/** Current tracking state of one shipment, with its history oldest first. */
export interface TrackingSnapshot {
  carrier: string;
  trackingNumber: string;
  status: TrackingStatus;
  history: TrackingCheckpoint[];
}

/** Result of a void request. `SUCCESS` means refunded; `QUEUED`/`PENDING` mean accepted and in progress. */
export interface VoidResult {
  refundId: string;
  status: 'QUEUED' | 'PENDING' | 'SUCCESS' | 'ERROR';
}

/** Refund state of a bought label, as the carrier reports it. */
export type LabelRefundState = 'none' | 'pending' | 'refunded' | 'rejected';

/**
 * Carrier operations. Failures are thrown as Temporal-ready errors (see `carrier/errors.ts`):
 * typed non-retryable `ApplicationFailure`s for bad data, retryable errors for transient faults.
 */
export interface CarrierPort {
  /** Validates a ship-to address (read-only; safe to repeat). */
  validateAddress(address: PostalAddress): Promise<AddressCheck>;
  /** Creates a shipment and returns its rates (creates a new free object each call; nothing is bought). */
  createShipment(request: ShipmentRequest): Promise<ShipmentQuote>;
  /** The label already bought with this rate, if any (read-only). Throws retryably while a purchase is in progress. */
  findLabelForRate(rate: RateOption): Promise<PurchasedLabel | null>;
  /** Buys the label for a rate, synchronously, PDF 4x6, with SDK retries off. NOT idempotent: callers guard it. */
  buyLabel(rate: RateOption, reference: string): Promise<PurchasedLabel>;
  /** Requests a refund of an unused label (the carrier refuses a second refund; callers guard it). */
  voidLabel(transactionId: string): Promise<VoidResult>;
  /** Whether a refund of the label was already requested, and how it went (read-only). */
  readRefundState(transactionId: string): Promise<LabelRefundState>;
  /** Registers a tracking number for webhooks (idempotent at the carrier: re-registering is harmless). */
  registerTracking(carrier: string, trackingNumber: string, reference?: string): Promise<void>;
  /** Reads the current tracking state (read-only). */
  readTracking(carrier: string, trackingNumber: string): Promise<TrackingSnapshot>;
}
