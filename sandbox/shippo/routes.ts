/** The sandbox's endpoints: the subset of Shippo's REST API the carrier adapter uses, with Shippo's status codes. */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { CARRIER_REJECT_MARKER, SANDBOX_OWNER, addressObject, isoNow, newObjectId, shipmentObject, type Wire } from './objects';
import { labelUrlOf } from './label-pdf';
import { addressInput, fieldErrors, refundInput, shipmentInput, trackInput, transactionInput } from './requests';
import { TrackingBook } from './tracking';

/** A response the HTTP layer writes as JSON. */
export interface RouteResult {
  status: number;
  body: unknown;
  /** Label purchases: committed to the store (the drop-after-commit fault applies only to these). */
  committedPurchase?: boolean;
}

/** Everything the sandbox has created, in memory. */
export class SandboxState {
  readonly addresses = new Map<string, Wire>();
  readonly shipments = new Map<string, Wire>();
  readonly rates = new Map<string, Wire>();
  readonly transactions: Wire[] = [];
  readonly refunds: Wire[] = [];
  readonly tracking = new TrackingBook();
  /** Where the sandbox listens (its label URLs point here); set once it listens. */
  baseUrl = 'http://127.0.0.1';
}

const notFound: RouteResult = { status: 404, body: { detail: 'Not found.' } };

function parse<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; result: RouteResult } {
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, result: { status: 400, body: fieldErrors(parsed.error) } };
}

function page(results: Wire[], query: URLSearchParams): Wire {
  const size = Math.min(Math.max(Number(query.get('results') ?? 25) || 25, 1), 100);
  const number = Math.max(Number(query.get('page') ?? 1) || 1, 1);
  const slice = results.slice((number - 1) * size, number * size);
  return { next: results.length > number * size ? `?page=${number + 1}&results=${size}` : null, previous: number > 1 ? `?page=${number - 1}&results=${size}` : null, results: slice };
}

function trackingNumberFor(provider: string): string {
  const digits = Array.from({ length: 18 }, () => randomInt(10)).join('');
  return provider === 'UPS' ? `1Z999AA1${digits.slice(0, 10)}` : `9400${digits}`;
}

function trackingUrl(provider: string, trackingNumber: string): string {
  return provider === 'UPS'
    ? `https://www.ups.com/track?tracknum=${trackingNumber}`
    : `https://tools.usps.com/go/TrackConfirmAction_input?origTrackNum=${trackingNumber}`;
}

function buyLabel(state: SandboxState, body: unknown): RouteResult {
  const input = parse(transactionInput, body);
  if (!input.ok) return input.result;
  const rate = state.rates.get(input.value.rate.trim());
  if (!rate) return { status: 400, body: { rate: [`Rate with object_id ${input.value.rate} does not exist.`] } };
  const shipment = state.shipments.get(String(rate.shipment)) as Wire;
  const customer = (shipment.extra as Wire).is_return ? (shipment.address_from as Wire) : (shipment.address_to as Wire);
  const now = isoNow();
  const base: Wire = {
    object_id: newObjectId(), object_owner: SANDBOX_OWNER, object_created: now, object_updated: now, object_state: 'VALID',
    rate: rate.object_id, metadata: input.value.metadata ?? '', label_file_type: input.value.label_file_type ?? 'PDF_4x6',
    parcel: ((shipment.parcels as Wire[])[0] as Wire).object_id, test: true, created_by: null,
  };
  if (CARRIER_REJECT_MARKER.test(String(customer.street1))) {
    const rejected: Wire = { ...base, status: 'ERROR', tracking_status: 'UNKNOWN', tracking_number: '', tracking_url_provider: '', label_url: '', eta: null,
      messages: [{ source: String(rate.provider), code: 'carrier_rejected', text: 'The carrier refused the shipment: recipient address is not serviceable.' }] };
    state.transactions.push(rejected);
    return { status: 201, body: rejected };
  }
  const trackingNumber = trackingNumberFor(String(rate.provider));
  const transaction: Wire = { ...base, status: 'SUCCESS', tracking_number: trackingNumber, tracking_status: 'UNKNOWN',
    tracking_url_provider: trackingUrl(String(rate.provider), trackingNumber),
    label_url: labelUrlOf(state, String(base.object_id)), eta: null, messages: [] };
  state.transactions.push(transaction);
  const level = rate.servicelevel as { token: string; name: string };
  state.tracking.addLabel(String(rate.provider).toLowerCase(), trackingNumber, String(transaction.object_id), level);
  return { status: 201, body: transaction, committedPurchase: true };
}

function refund(state: SandboxState, body: unknown): RouteResult {
  const input = parse(refundInput, body);
  if (!input.ok) return input.result;
  const transaction = state.transactions.find((candidate) => candidate.object_id === input.value.transaction);
  if (!transaction || transaction.status === 'ERROR') return { status: 400, body: { transaction: ['Transaction does not exist or has no label.'] } };
  if (state.refunds.some((existing) => existing.transaction === transaction.object_id)) {
    return { status: 400, body: { transaction: ['A refund for this transaction has already been requested.'] } };
  }
  const now = isoNow();
  const created = { object_id: newObjectId(), object_owner: SANDBOX_OWNER, object_created: now, object_updated: now, status: 'QUEUED', transaction: transaction.object_id, test: true };
  state.refunds.push(created);
  transaction.status = 'REFUNDPENDING';
  transaction.object_updated = now;
  return { status: 201, body: created };
}

/** Routes one authenticated request. `path` has no trailing slash; `segments` are its parts. */
export function route(state: SandboxState, method: string, segments: string[], query: URLSearchParams, body: unknown): RouteResult {
  const [collection, id, sub, extra] = segments;
  const key = `${method} ${collection ?? ''}${id !== undefined ? '/:id' : ''}${sub !== undefined ? '/:sub' : ''}${extra !== undefined ? '/:x' : ''}`;
  switch (key) {
    case 'POST addresses': {
      const input = parse(addressInput, body);
      if (!input.ok) return input.result;
      const created = addressObject(input.value);
      state.addresses.set(String(created.object_id), created);
      return { status: 201, body: created };
    }
    case 'GET addresses/:id':
      return state.addresses.has(id as string) ? { status: 200, body: state.addresses.get(id as string) } : notFound;
    case 'POST shipments': {
      const input = parse(shipmentInput, body);
      if (!input.ok) return input.result;
      const created = shipmentObject(input.value);
      state.shipments.set(String(created.object_id), created);
      for (const rate of created.rates as Wire[]) state.rates.set(String(rate.object_id), rate);
      return { status: 201, body: created };
    }
    case 'GET shipments/:id':
      return state.shipments.has(id as string) ? { status: 200, body: state.shipments.get(id as string) } : notFound;
    case 'GET shipments/:id/:sub': {
      const shipment = state.shipments.get(id as string);
      return shipment && sub === 'rates' ? { status: 200, body: page(shipment.rates as Wire[], query) } : notFound;
    }
    case 'GET rates/:id':
      return state.rates.has(id as string) ? { status: 200, body: state.rates.get(id as string) } : notFound;
    case 'POST transactions':
      return buyLabel(state, body);
    case 'GET transactions': {
      const filters: Array<[string, string | null]> = [['rate', query.get('rate')], ['status', query.get('object_status')], ['tracking_status', query.get('tracking_status')]];
      const matching = state.transactions.filter((t) => filters.every(([field, wanted]) => wanted === null || t[field] === wanted));
      return { status: 200, body: page(matching, query) };
    }
    case 'GET transactions/:id':
      return lookup(state.transactions, id as string);
    case 'POST refunds':
      return refund(state, body);
    case 'GET refunds/:id':
      return lookup(state.refunds, id as string);
    case 'POST tracks': {
      const input = parse(trackInput, body);
      if (!input.ok) return input.result;
      const timeline = state.tracking.register(input.value.carrier, input.value.tracking_number, input.value.metadata);
      return { status: 200, body: state.tracking.render(timeline) };
    }
    case 'GET tracks/:id/:sub':
      return { status: 200, body: state.tracking.track(id as string, sub as string) };
    default:
      return notFound;
  }
}

function lookup(objects: Wire[], id: string): RouteResult {
  const found = objects.find((object) => object.object_id === id);
  return found ? { status: 200, body: found } : notFound;
}
