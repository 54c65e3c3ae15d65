/** Pure conversions between the product's vocabulary and the Shippo SDK's models. */
import type { AddressCreateRequest, Rate, Track, Transaction } from 'shippo/models/components';
import type { PostalAddress, TrackingStatus } from '../domain/types';
import type { PurchasedLabel, RateOption, TrackingCheckpoint, TrackingSnapshot } from './port';

/** A postal address as Shippo's `AddressCreateRequest` (absent fields left out). */
export function toShippoAddress(address: PostalAddress): AddressCreateRequest {
  const request: AddressCreateRequest = {
    name: address.name,
    street1: address.street1,
    city: address.city,
    state: address.state,
    zip: address.postalCode,
    country: address.country,
  };
  if (address.company) request.company = address.company;
  if (address.street2) request.street2 = address.street2;
  if (address.phone) request.phone = address.phone;
  if (address.email) request.email = address.email;
  return request;
}

/** Shippo carrier token (`usps`, `ups`, `dhl_express`) from a rate's provider name (`USPS`, `DHL Express`). */
export function carrierToken(provider: string): string {
  return provider.trim().toLowerCase().replace(/\s+/g, '_');
}

/** A Shippo rate as a `RateOption`. */
export function toRateOption(rate: Rate): RateOption {
  const option: RateOption = {
    rateId: rate.objectId,
    shipmentId: rate.shipment,
    carrier: rate.provider,
    serviceLevel: rate.servicelevel.token ?? '',
    serviceName: rate.servicelevel.name ?? rate.servicelevel.token ?? '',
    amount: rate.amount,
    currency: rate.currency,
  };
  if (rate.estimatedDays !== undefined) option.estimatedDays = rate.estimatedDays;
  return option;
}

/** The rate id a transaction was bought with (Shippo sends either the id or a rate object). */
export function transactionRateId(transaction: Transaction): string | undefined {
  const rate = transaction.rate;
  return typeof rate === 'string' ? rate : rate?.objectId;
}

/** A successful transaction as a `PurchasedLabel`; `null` when required fields are missing. */
export function toPurchasedLabel(transaction: Transaction, rate: RateOption): PurchasedLabel | null {
  if (!transaction.objectId || !transaction.trackingNumber || !transaction.labelUrl) return null;
  const label: PurchasedLabel = {
    transactionId: transaction.objectId,
    rateId: rate.rateId,
    carrier: rate.carrier,
    serviceLevel: rate.serviceLevel,
    ...(rate.serviceName ? { serviceName: rate.serviceName } : {}),
    trackingNumber: transaction.trackingNumber,
    labelUrl: transaction.labelUrl,
  };
  if (transaction.trackingUrlProvider) label.trackingUrl = transaction.trackingUrlProvider;
  return label;
}

/** The messages of a Shippo response as plain sentences. */
export function messageTexts(messages: ReadonlyArray<{ source?: string; code?: string; text?: string }> | undefined): string[] {
  return (messages ?? []).map((message) => [message.source, message.text ?? message.code].filter(Boolean).join(': '));
}

/** A Shippo `Track` as a `TrackingSnapshot`, history oldest first (the current status included once; UNKNOWN scans carry no news and are left out). */
export function toTrackingSnapshot(track: Track): TrackingSnapshot {
  const byId = new Map<string, TrackingCheckpoint>();
  const entries = [...track.trackingHistory, ...(track.trackingStatus ? [track.trackingStatus] : [])];
  for (const entry of entries) {
    if (entry.status === 'UNKNOWN') continue;
    const checkpoint: TrackingCheckpoint = {
      eventId: entry.objectId,
      status: entry.status as TrackingStatus,
      occurredAt: (entry.statusDate ?? entry.objectCreated).toISOString(),
    };
    if (entry.statusDetails) checkpoint.detail = entry.statusDetails;
    byId.set(entry.objectId, checkpoint);
  }
  const history = [...byId.values()].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  return {
    carrier: track.carrier,
    trackingNumber: track.trackingNumber,
    status: (track.trackingStatus?.status as TrackingStatus | undefined) ?? 'UNKNOWN',
    history,
  };
}
