/**
 * The signed-webhook adapter against a receiver written here from the documented scheme (not the adapter's code):
 * `X-RF-Signature: t=<unix>,v1=<hex HMAC-SHA-256("<t>.<body>")>`, a 5-minute tolerance, de-duplication by
 * `Idempotency-Key`. A 5xx is retried with the same body and key; a 4xx is a final refusal with the receiver's words.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FailureTypes } from '../../../domain/failures';
import type { IdentityMove } from '../../../provisioning/port';
import { createWebhookProvisioning } from '../../../provisioning/webhook-adapter';

const SECRET = 'pbx-shared-secret-0123456789';
const move: IdentityMove = {
  moveId: 'RC-20261201-TEST1',
  profile: { accountId: 'ACME-001', extension: '1001', sipUser: 'acme1001', sipServer: 'pbx.example.net', displayName: 'Dana', lineKeys: [] },
  from: { mac: '80:5E:C0:1A:00:01' }, to: { mac: 'AC:44:F2:00:00:01', vendor: 'yealink' },
};

/** The provider's PBX as a test receiver: verifies every delivery, applies each event id once, answers as told. */
function startReceiver(secret: string) {
  const applied = new Map<string, unknown>();
  const deliveries: Array<{ status: number; key: string | undefined; body: string; verdict: string }> = [];
  const scripted: number[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = request.headers['idempotency-key'] as string | undefined;
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers['x-rf-signature'] ?? ''));
      const expected = match ? createHmac('sha256', secret).update(`${match[1]}.${body}`).digest() : undefined;
      const signed = match !== null && expected !== undefined && timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
      const fresh = match !== null && Math.abs(Date.now() / 1000 - Number(match[1])) <= 300;
      let status = scripted.shift() ?? 200;
      let verdict = 'applied';
      if (!signed || !fresh) [status, verdict] = [401, signed ? 'stale' : 'bad signature'];
      else if (status >= 300) verdict = `answered ${status}`;
      else if (applied.has(key!)) verdict = 'duplicate';
      else applied.set(key!, JSON.parse(body));
      deliveries.push({ status, key, body, verdict });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status === 401 ? { error: verdict } : status === 422 ? { error: 'unknown extension 1001' } : { ok: status < 300 }));
    });
  });
  return {
    applied, deliveries,
    /** The next deliveries answer these statuses (before the signature check passes them on). */
    script: (...statuses: number[]) => scripted.push(...statuses),
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/provisioning`))),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let receiver: ReturnType<typeof startReceiver>;
let url: string;
beforeEach(async () => {
  receiver = startReceiver(SECRET);
  url = await receiver.listen();
});
afterEach(async () => receiver.close());

test('each step is one signed event the receiver verifies and applies once, however often it is delivered', async () => {
  const pbx = createWebhookProvisioning({ url, secret: SECRET, backoffMs: 10 });
  await pbx.assign(move);
  await pbx.rotateCredentials(move);
  await pbx.rotateCredentials(move); // a retried activity
  await pbx.release(move);
  expect(receiver.deliveries.map((d) => [d.key, d.verdict])).toEqual([
    ['RC-20261201-TEST1:device.assigned', 'applied'], ['RC-20261201-TEST1:credentials.rotate', 'applied'],
    ['RC-20261201-TEST1:credentials.rotate', 'duplicate'], ['RC-20261201-TEST1:device.released', 'applied'],
  ]);
  expect(receiver.applied.get('RC-20261201-TEST1:device.assigned')).toEqual({
    id: 'RC-20261201-TEST1:device.assigned', type: 'device.assigned', accountId: 'ACME-001', extension: '1001', sipUser: 'acme1001',
    mac: 'AC:44:F2:00:00:01', vendor: 'yealink', replacesMac: '80:5E:C0:1A:00:01',
  });
  expect(receiver.applied.get('RC-20261201-TEST1:device.released')).toMatchObject({ mac: '80:5E:C0:1A:00:01', replacedByMac: 'AC:44:F2:00:00:01' });
});

test('a 5xx is retried with backoff, the same body and key, each try signed anew', async () => {
  receiver.script(503, 500);
  await createWebhookProvisioning({ url, secret: SECRET, backoffMs: 10 }).assign(move);
  expect(receiver.deliveries.map((d) => d.verdict)).toEqual(['answered 503', 'answered 500', 'applied']);
  expect(new Set(receiver.deliveries.map((d) => d.body)).size).toBe(1);
  expect(new Set(receiver.deliveries.map((d) => d.key)).size).toBe(1);
});

test('a receiver still failing after the tries is a transient failure (Temporal retries the activity)', async () => {
  receiver.script(503, 503, 503);
  const failure = await createWebhookProvisioning({ url, secret: SECRET, backoffMs: 10 }).assign(move).catch((error: Error) => error);
  expect(failure).not.toBeInstanceOf(ApplicationFailure);
  expect((failure as Error).message).toMatch(/^the device\.assigned webhook for extension 1001 failed: HTTP 503: .* \(tried 3 times\)$/);
});

test('a 4xx is a final refusal in the receiver\'s words; a wrong secret is refused by the receiver', async () => {
  receiver.script(422);
  const refused = await createWebhookProvisioning({ url, secret: SECRET, backoffMs: 10 }).assign(move).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(ApplicationFailure);
  expect(refused).toMatchObject({ type: FailureTypes.ProvisioningRejected, nonRetryable: true, message: 'the device.assigned webhook for extension 1001 was refused (HTTP 422: {"error":"unknown extension 1001"})' });
  const forged = await createWebhookProvisioning({ url, secret: 'someone-elses-secret-0000', backoffMs: 10 }).assign(move).catch((error: unknown) => error);
  expect(forged).toMatchObject({ type: FailureTypes.ProvisioningRejected });
  expect(receiver.deliveries.at(-1)?.verdict).toBe('bad signature');
  expect(receiver.applied.size).toBe(0);
});

test('a delivery signed more than five minutes ago is refused by the receiver as a replay', async () => {
  const past = createWebhookProvisioning({ url, secret: SECRET, backoffMs: 10, now: () => new Date(Date.now() - 10 * 60_000) });
  await expect(past.assign(move)).rejects.toMatchObject({ type: FailureTypes.ProvisioningRejected });
  expect(receiver.deliveries.at(-1)?.verdict).toBe('stale');
});
