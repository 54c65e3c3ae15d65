/** The sandbox's raw responses, parsed by the Shippo SDK's own response schemas, so the sandbox cannot drift from the API. */
import * as z from 'zod/v4-mini';
import { Address$inboundSchema } from 'shippo/models/components/address';
import { RatePaginatedList$inboundSchema } from 'shippo/models/components/ratepaginatedlist';
import { Refund$inboundSchema } from 'shippo/models/components/refund';
import { Shipment$inboundSchema } from 'shippo/models/components/shipment';
import { Track$inboundSchema } from 'shippo/models/components/track';
import { Transaction$inboundSchema } from 'shippo/models/components/transaction';
import { TransactionPaginatedList$inboundSchema } from 'shippo/models/components/transactionpaginatedlist';
import { WebhookPayloadTrack$inboundSchema } from 'shippo/models/components/webhookpayloadtrack';
import { webhookPayloadTrackFromJSON } from 'shippo/models/components/webhookpayloadtrack';
import { stripNulls } from '../../../carrier/validation';
import { SANDBOX_API_TOKEN, startShippoSandbox, type ShippoSandbox } from '../../../sandbox/shippo/server';

let sandbox: ShippoSandbox;
beforeAll(async () => {
  sandbox = await startShippoSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

const address = { name: 'Ada', street1: '12 Main St', city: 'Chicago', state: 'IL', zip: '60601', country: 'US' };
const warehouse = { name: 'Depot', street1: '400 Logistics Way', city: 'Austin', state: 'TX', zip: '78744', country: 'US' };
const parcel = { length: '9', width: '7', height: '4', distance_unit: 'in', weight: '3', mass_unit: 'lb' };

async function call(method: string, path: string, body?: unknown, token = SANDBOX_API_TOKEN): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `ShippoToken ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

/** Parses like the SDK does: its after-success hook drops nulls, then the generated schema validates. */
function sdkParse<T>(schema: z.ZodMiniType<T, unknown>, json: unknown): T {
  return z.parse(schema, stripNulls(json));
}

const isoZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('sandbox wire format', () => {
  it('answers the adapter’s endpoints with Shippo’s success codes and shapes, with or without a trailing slash', async () => {
    const created = await call('POST', '/addresses/', { ...address, validate: true });
    expect(created.status).toBe(201);
    expect(sdkParse(Address$inboundSchema, created.json).validationResults?.isValid).toBe(true);

    const shipmentResponse = await call('POST', '/shipments', { address_from: warehouse, address_to: address, parcels: [parcel], async: false });
    expect(shipmentResponse.status).toBe(201);
    const shipment = sdkParse(Shipment$inboundSchema, shipmentResponse.json);
    expect(shipment.status).toBe('SUCCESS');
    expect((shipmentResponse.json as { object_created: string }).object_created).toMatch(isoZ);
    expect(shipment.rates.length).toBeGreaterThan(0);

    const rates = await call('GET', `/shipments/${shipment.objectId}/rates/`);
    expect(rates.status).toBe(200);
    expect(sdkParse(RatePaginatedList$inboundSchema, rates.json).results).toHaveLength(shipment.rates.length);

    const rate = shipment.rates[0]!;
    const bought = await call('POST', '/transactions/', { rate: rate.objectId, async: false, label_file_type: 'PDF_4x6' });
    expect(bought.status).toBe(201);
    const transaction = sdkParse(Transaction$inboundSchema, bought.json);
    expect(transaction).toMatchObject({ status: 'SUCCESS', objectState: 'VALID', labelFileType: 'PDF_4x6', rate: rate.objectId });

    const listed = await call('GET', `/transactions?rate=${rate.objectId}`);
    expect(listed.status).toBe(200);
    expect(sdkParse(TransactionPaginatedList$inboundSchema, listed.json).results?.map((t) => t.objectId)).toEqual([transaction.objectId]);
    expect(sdkParse(Transaction$inboundSchema, (await call('GET', `/transactions/${transaction.objectId}/`)).json).objectId).toBe(transaction.objectId);

    const refund = await call('POST', '/refunds', { transaction: transaction.objectId, async: false });
    expect(refund.status).toBe(201);
    expect(sdkParse(Refund$inboundSchema, refund.json).status).toBe('QUEUED');

    const registered = await call('POST', '/tracks/', { carrier: 'usps', tracking_number: transaction.trackingNumber });
    expect(registered.status).toBe(200);
    sdkParse(Track$inboundSchema, registered.json);
    const track = await call('GET', '/tracks/shippo/SHIPPO_RETURNED/');
    expect(track.status).toBe(200);
    expect(sdkParse(Track$inboundSchema, track.json).trackingStatus?.status).toBe('RETURNED');
  });

  it('answers errors as Shippo does: 401 without or with a wrong token, 400 naming fields, 404 for unknown ids', async () => {
    expect((await call('GET', '/transactions', undefined, 'shippo_test_wrong')).status).toBe(401);
    const anonymous = await fetch(`${sandbox.url}/transactions`);
    expect(anonymous.status).toBe(401);
    await expect(anonymous.json()).resolves.toEqual({ detail: 'Authentication credentials were not provided.' });
    const missing = await call('POST', '/shipments', { address_from: warehouse, address_to: { ...address, zip: undefined }, parcels: [parcel] });
    expect(missing).toEqual({ status: 400, json: { address_to: { zip: ['This field is required.'] } } });
    const badEnum = await call('POST', '/transactions', { rate: 'x', label_file_type: 'GIF' });
    expect(badEnum.status).toBe(400);
    expect(Object.keys(badEnum.json as object)).toEqual(['label_file_type']);
    expect((await call('GET', '/transactions/0000')).status).toBe(404);
  });

  it('sends track_updated webhooks that the SDK schema accepts only once nulls are stripped', async () => {
    const [delivery] = await sandbox.playTracking('9400111111111111111111', ['TRANSIT']);
    const raw = JSON.parse(delivery!.body) as unknown;
    expect(webhookPayloadTrackFromJSON(delivery!.body).ok).toBe(false);
    const payload = sdkParse(WebhookPayloadTrack$inboundSchema, raw);
    expect(payload).toMatchObject({ event: 'track_updated', test: true });
    expect(payload.data?.trackingStatus?.status).toBe('TRANSIT');
  });
});
