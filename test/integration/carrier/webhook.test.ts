/** Tracking webhooks end to end: sandbox POSTs over HTTP → handler → FerretDB routing/dedup → deliver(). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLabelActivities } from '../../../activities/labels';
import { createTrackingWebhookHandler } from '../../../carrier/webhook';
import type { LegKind, TrackingEvent } from '../../../domain/types';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { applyCarrierIndexes, customer, startSandboxCarrier, type SandboxCarrier } from './fixtures';

const SECRET = 'webhook-secret-0123456789abcdef';
let database: TestDatabase;
let env: SandboxCarrier;
let server: http.Server;
let handle: ReturnType<typeof createTrackingWebhookHandler>;
let hookUrl: string;
const delivered: Array<{ claimId: string; leg: LegKind; event: TrackingEvent }> = [];
let failDeliveries = 0;
/** Fails the delivery of events with this status (once each time it is set). */
let failStatus: string | undefined;

beforeAll(async () => {
  database = await openTestDatabase();
  await applyCarrierIndexes(database.db);
  env = await startSandboxCarrier();
  handle = createTrackingWebhookHandler({
    db: database.db,
    secret: SECRET,
    deliver: async (delivery) => {
      if (failDeliveries > 0 || delivery.event.status === failStatus) {
        if (failDeliveries > 0) failDeliveries -= 1;
        else failStatus = undefined;
        throw new Error('Temporal unavailable');
      }
      delivered.push(delivery);
    },
  });
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://app');
      handle({ query: Object.fromEntries(url.searchParams), rawBody: Buffer.concat(chunks).toString('utf8') }).then((result) => {
        response.writeHead(result.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(result.body));
      }, (error: unknown) => {
        response.writeHead(599);
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shippo`;
  env.sandbox.setWebhookUrl(`${hookUrl}?token=${SECRET}`);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await handle.close(); // the routes' progress notes still queued are written
  await env.sandbox.close();
  await database.close();
});

async function post(body: string, token: string | null = SECRET): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = token === null ? hookUrl : `${hookUrl}?token=${encodeURIComponent(token)}`;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function boughtLabel(claimId: string) {
  return createLabelActivities({ db: database.db, carrier: env.carrier }).buyLabel({ claimId, leg: 'outbound', shipTo: customer });
}

function statusesFor(claimId: string): string[] {
  return delivered.filter((delivery) => delivery.claimId === claimId).map((delivery) => delivery.event.status);
}

describe('tracking webhook', () => {
  it('delivers a played timeline in carrier order, each event once, routed to the claim and leg', async () => {
    const label = await boughtLabel('W-1');
    const played = await env.sandbox.playTracking(label.trackingNumber, ['PRE_TRANSIT', 'TRANSIT', 'DELIVERED']);
    expect(played.map((delivery) => delivery.responseStatus)).toEqual([200, 200, 200]);
    expect(statusesFor('W-1')).toEqual(['PRE_TRANSIT', 'TRANSIT', 'DELIVERED']);
    const first = delivered.find((delivery) => delivery.claimId === 'W-1');
    expect(first).toMatchObject({ leg: 'outbound', event: { trackingNumber: label.trackingNumber, leg: 'outbound', eventId: expect.stringContaining(label.trackingNumber) } });
    expect(first?.event.occurredAt).toMatch(/Z$/);
  });

  it('refuses a forged or missing token with 401 and delivers nothing', async () => {
    const label = await boughtLabel('W-2');
    const [delivery] = await env.sandbox.playTracking(label.trackingNumber, ['TRANSIT']);
    const before = delivered.length;
    expect((await post(delivery!.body, 'forged-token-forged-token-000')).status).toBe(401);
    expect((await post(delivery!.body, `${SECRET}x`)).status).toBe(401);
    expect((await post(delivery!.body, null)).status).toBe(401);
    expect((await post(delivery!.body, '')).status).toBe(401);
    expect(delivered.length).toBe(before);
  });

  it('drops duplicate deliveries by event key', async () => {
    const label = await boughtLabel('W-3');
    const [delivery] = await env.sandbox.playTracking(label.trackingNumber, ['TRANSIT']);
    const repeat = await post(delivery!.body);
    expect(repeat).toEqual({ status: 200, json: { routed: true, delivered: 0, duplicates: 1, stale: 0 } });
    expect(statusesFor('W-3')).toEqual(['TRANSIT']);
  });

  it('applies out-of-order events in carrier order: a late TRANSIT after DELIVERED is not delivered', async () => {
    const label = await boughtLabel('W-4');
    const body = (status: string, at: string) => JSON.stringify({
      event: 'track_updated', test: true,
      data: {
        carrier: 'ups', tracking_number: label.trackingNumber, messages: [], eta: null,
        tracking_status: { object_id: `id-${status}`, object_created: at, object_updated: at, status, status_details: status, status_date: at, substatus: null },
        tracking_history: [{ object_id: `id-${status}`, object_created: at, object_updated: at, status, status_details: status, status_date: at }],
      },
    });
    expect((await post(body('DELIVERED', '2026-11-29T12:00:00.000Z'))).json).toMatchObject({ delivered: 1 });
    expect((await post(body('TRANSIT', '2026-11-28T09:00:00.000Z'))).json).toMatchObject({ delivered: 0, stale: 1 });
    expect(statusesFor('W-4')).toEqual(['DELIVERED']);
    // A later webhook whose status is lower in carrier order (PRE_TRANSIT after DELIVERED) is stale too.
    const played = await env.sandbox.playTracking(label.trackingNumber, ['PRE_TRANSIT']);
    expect(played[0]?.responseStatus).toBe(200);
    expect(statusesFor('W-4')).toEqual(['DELIVERED']);
  });

  it('delivers the missed earlier events of a full history oldest first', async () => {
    const label = await boughtLabel('W-5');
    env.sandbox.setWebhookUrl(undefined);
    await env.sandbox.playTracking(label.trackingNumber, ['PRE_TRANSIT', 'TRANSIT']);
    env.sandbox.setWebhookUrl(`${hookUrl}?token=${SECRET}`);
    await env.sandbox.playTracking(label.trackingNumber, ['DELIVERED']);
    expect(statusesFor('W-5')).toEqual(['PRE_TRANSIT', 'TRANSIT', 'DELIVERED']);
  });

  it('accepts and ignores an unknown tracking number with 202', async () => {
    const before = delivered.length;
    const [delivery] = await env.sandbox.playTracking('9400999999999999999999', ['TRANSIT']);
    expect(delivery?.responseStatus).toBe(202);
    expect((await post(delivery!.body)).json).toEqual({ ignored: 'unknown tracking number 9400999999999999999999' });
    expect(delivered.length).toBe(before);
  });

  it('answers 400 naming the problem for malformed JSON and bad fields, and accepts null fields', async () => {
    expect(await post('{"event": "track_updated", "data": ')).toEqual({ status: 400, json: { error: expect.stringMatching(/^body: not valid JSON/) } });
    expect(await post('[1,2]')).toEqual({ status: 400, json: { error: 'body: must be a JSON object' } });
    const badStatus = JSON.stringify({ event: 'track_updated', data: { carrier: 'usps', tracking_number: 'X1', messages: [], tracking_history: [],
      tracking_status: { object_id: 'a', object_created: '2026-11-29T10:00:00Z', object_updated: '2026-11-29T10:00:00Z', status: 'LOST', status_details: '' } } });
    expect(await post(badStatus)).toEqual({ status: 400, json: { error: 'data.tracking_status.status: must be one of UNKNOWN, PRE_TRANSIT, TRANSIT, DELIVERED, RETURNED, FAILURE' } });
    const noNumber = JSON.stringify({ event: 'track_updated', data: { carrier: 'usps', messages: [], tracking_history: [] } });
    expect(await post(noNumber)).toEqual({ status: 400, json: { error: 'data.tracking_number: is required' } });
    const label = await boughtLabel('W-6');
    const [withNulls] = await env.sandbox.playTracking(label.trackingNumber, ['TRANSIT']);
    expect(withNulls?.body).toContain('"substatus":null');
    expect(withNulls?.responseStatus).toBe(200);
    expect(statusesFor('W-6')).toEqual(['TRANSIT']);
  });

  it('answers 500 when delivery fails, and a redelivery of the same webhook then delivers it once', async () => {
    const label = await boughtLabel('W-7');
    failDeliveries = 1;
    const [failed] = await env.sandbox.playTracking(label.trackingNumber, ['TRANSIT']);
    expect(failed?.responseStatus).toBe(500);
    expect(statusesFor('W-7')).toEqual([]);
    expect((await post(failed!.body)).json).toMatchObject({ delivered: 1 });
    expect((await post(failed!.body)).json).toMatchObject({ delivered: 0, duplicates: 1 });
    expect(statusesFor('W-7')).toEqual(['TRANSIT']);
  });

  it('keeps the events signalled before a failure midway through a history, and signals only the rest on redelivery', async () => {
    const label = await boughtLabel('W-8');
    env.sandbox.setWebhookUrl(undefined);
    await env.sandbox.playTracking(label.trackingNumber, ['PRE_TRANSIT']);
    env.sandbox.setWebhookUrl(`${hookUrl}?token=${SECRET}`);
    failStatus = 'TRANSIT';
    const [failed] = await env.sandbox.playTracking(label.trackingNumber, ['TRANSIT']);
    expect(failed?.responseStatus).toBe(500);
    expect(statusesFor('W-8')).toEqual(['PRE_TRANSIT']);
    expect((await post(failed!.body)).json).toMatchObject({ delivered: 1, duplicates: 1 });
    expect(statusesFor('W-8')).toEqual(['PRE_TRANSIT', 'TRANSIT']);
  });
});
