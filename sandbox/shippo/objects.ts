/** Wire objects the sandbox returns, shaped exactly like Shippo's (snake_case, closed enums, ISO dates with `Z`). */
import { randomBytes } from 'node:crypto';
import type { AddressInput, ShipmentInput } from './requests';

/** A JSON object as sent on the wire. */
export type Wire = Record<string, unknown>;

/** The fake account that owns every sandbox object. */
export const SANDBOX_OWNER = 'sandbox@replacement-fulfilment.test';

/** A Shippo-like object id: 32 lowercase hex digits. */
export function newObjectId(): string {
  return randomBytes(16).toString('hex');
}

/** Now as ISO-8601 with milliseconds and `Z`. */
export function isoNow(): string {
  return new Date().toISOString();
}

/** Street lines the sandbox treats as undeliverable (address validation says `is_valid: false`). */
export const UNDELIVERABLE_MARKER = /undeliverable/i;
/** Street lines for which the carrier refuses to print a label (transaction `status: ERROR`). */
export const CARRIER_REJECT_MARKER = /carrier-reject/i;
/** Street lines for which no carrier offers a rate (shipment with `rates: []`). */
export const NO_SERVICE_MARKER = /no-service/i;

/** Why an address fails validation, or an empty list. */
export function addressProblems(address: AddressInput): string[] {
  const problems: string[] = [];
  if (UNDELIVERABLE_MARKER.test(address.street1)) problems.push('Address not found');
  if (address.country === 'US' && !/^\d{5}(-\d{4})?$/.test(address.zip)) problems.push('Invalid ZIP code');
  if (address.country === 'US' && !/^[A-Z]{2}$/i.test(address.state ?? '')) problems.push('Invalid state');
  return problems;
}

/** An `Address` response. */
export function addressObject(input: AddressInput): Wire {
  const now = isoNow();
  const problems = input.validate ? addressProblems(input) : [];
  const object: Wire = {
    object_id: newObjectId(), object_owner: SANDBOX_OWNER, object_created: now, object_updated: now,
    is_complete: true, name: input.name ?? '', company: input.company ?? '', street1: input.street1,
    street2: input.street2 ?? '', street3: input.street3 ?? '', street_no: '', city: input.city, state: input.state ?? '',
    zip: input.zip, country: input.country, phone: input.phone ?? '', email: input.email ?? '',
    is_residential: input.is_residential ?? true, metadata: input.metadata ?? '', test: true,
  };
  if (input.validate) {
    object.validation_results = {
      is_valid: problems.length === 0,
      messages: problems.map((text) => ({ source: 'Shippo Address Validator', code: 'sandbox_invalid', type: 'address_error', text })),
    };
  }
  return object;
}

interface RateTemplate {
  provider: string;
  token: string;
  name: string;
  amount: string;
  days: number;
}

/** The rates every deliverable sandbox shipment gets (one tie on purpose: USPS and UPS at 7.85). */
export const RATE_TEMPLATES: readonly RateTemplate[] = [
  { provider: 'USPS', token: 'usps_priority', name: 'Priority Mail', amount: '9.35', days: 2 },
  { provider: 'USPS', token: 'usps_ground_advantage', name: 'Ground Advantage', amount: '7.85', days: 5 },
  { provider: 'UPS', token: 'ups_ground', name: 'Ground', amount: '7.85', days: 5 },
  { provider: 'UPS', token: 'ups_next_day_air', name: 'Next Day Air®', amount: '42.10', days: 1 },
];

/** A `Rate` response for one shipment. */
export function rateObject(template: RateTemplate, shipmentId: string, now: string): Wire {
  return {
    object_id: newObjectId(), object_owner: SANDBOX_OWNER, object_created: now, shipment: shipmentId,
    attributes: [], amount: template.amount, currency: 'USD', amount_local: template.amount, currency_local: 'USD',
    provider: template.provider, provider_image_75: '', provider_image_200: '',
    servicelevel: { name: template.name, token: template.token, terms: '', extended_token: template.token },
    estimated_days: template.days, duration_terms: `Delivery in ${template.days} business days.`,
    messages: [], carrier_account: `sandbox-${template.provider.toLowerCase()}-account`, test: true, zone: '4',
  };
}

/** Sets the closed-enum `attributes` (CHEAPEST, FASTEST) on a shipment's rates. */
export function markRateAttributes(rates: Wire[]): void {
  const amount = (rate: Wire): number => Number(rate.amount);
  const days = (rate: Wire): number => Number(rate.estimated_days);
  const cheapest = Math.min(...rates.map(amount));
  const fastest = Math.min(...rates.map(days));
  for (const rate of rates) {
    const attributes: string[] = [];
    if (amount(rate) === cheapest) attributes.push('CHEAPEST');
    if (days(rate) === fastest) attributes.push('FASTEST');
    rate.attributes = attributes;
  }
}

/** A `Shipment` response with its rates (return shipments have their addresses swapped, as Shippo does). */
export function shipmentObject(input: ShipmentInput): Wire {
  const now = isoNow();
  const objectId = newObjectId();
  const isReturn = input.extra?.is_return === true;
  const from = addressObject(isReturn ? input.address_to : input.address_from);
  const to = addressObject(isReturn ? input.address_from : input.address_to);
  const customer = input.address_to;
  const rates = NO_SERVICE_MARKER.test(customer.street1) ? [] : RATE_TEMPLATES.map((template) => rateObject(template, objectId, now));
  if (rates.length > 0) markRateAttributes(rates);
  const parcels = input.parcels.map((parcel) => ({
    ...parcel, object_id: newObjectId(), object_owner: SANDBOX_OWNER, object_created: now, object_updated: now,
    object_state: 'VALID', metadata: parcel.metadata ?? '', test: true,
  }));
  return {
    object_id: objectId, object_owner: SANDBOX_OWNER, object_created: now, object_updated: now, status: 'SUCCESS',
    address_from: from, address_to: to, address_return: from, parcels, shipment_date: now, extra: input.extra ?? {},
    carrier_accounts: [], metadata: input.metadata ?? '', test: true, rates,
    messages: rates.length === 0 ? [{ source: 'Shippo', code: 'no_rates', text: 'No carrier serves this address.' }] : [],
  };
}
