/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers */
/**
 * The HTTP surface fails closed (issue #13), on the real product: nothing thrown while handling or logging a request
 * ends the process or leaves it unanswered; deep, prototype-keyed and control-character bodies are refused with a 400
 * naming the field; an Idempotency-Key reused for another request is refused (422); forged webhooks cannot put real
 * deliveries into 429, and behind a trusted proxy each client has its own bucket; secrets in query strings never
 * reach the log.
 */
import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { createApiServer } from '../../../client/api/server';
import { loadConfig } from '../../../config/env';
import { claimRequest, registerDevice, startSurfaceApp, type SurfaceApp } from './harness';

let s: SurfaceApp;
const MAC = '00:15:65:AB:CE:01';
const OTHER_MAC = '00:15:65:AB:CE:02';
const WEBHOOK_SECRET = 'surfaces-webhook-secret-0123456789';

beforeAll(async () => {
  s = await startSurfaceApp();
  await registerDevice(s.db, MAC, '2301');
});
afterAll(async () => s?.stop());

/** Another API server on the same product, with `env` settings; its log lines are collected. */
async function extraServer(env: Record<string, string>, prepare?: (app: FastifyInstance) => void) {
  const config = loadConfig({ SHIPPO_WEBHOOK_SECRET: WEBHOOK_SECRET, PUBLIC_BASE_URL: s.baseUrl, LOG_LEVEL: 'info', ...env });
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  const app = await createApiServer({ config, db: s.db, temporal: s.product.client, taskQueue: s.product.taskQueue, logStream: stream });
  prepare?.(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, logs: () => lines.join('') };
}

describe('nothing thrown while handling or logging a request ends the process', () => {
  it('answers malformed percent-escapes in any query (the URL is masked, not decoded, in the log) and goes on serving', async () => {
    for (const path of ['/healthz?email=%', '/healthz?phone=%E0%A4%A', '/healthz?Email=%zz', '/claims?email=%', '/track/x?phone=%']) {
      const answer = await s.call(null, 'GET', path);
      expect(answer.status).toBeLessThan(500);
    }
    expect((await s.call(null, 'GET', '/healthz')).status).toBe(200);
    expect(s.logs()).toContain('"url":"/healthz?email=***"');
  });

  it('turns a throwing hook, onSend hook or log serializer into an answer (500, or the request served), then serves the next request', async () => {
    const faulty = await extraServer({}, (app) => {
      app.addHook('onRequest', async (request) => {
        if (request.headers['x-fault'] === 'async-hook') throw new Error('injected async hook failure');
      });
      app.addHook('onRequest', (request, _reply, done) => {
        if (request.headers['x-fault'] === 'sync-hook') throw new Error('injected sync hook failure');
        done();
      });
      app.addHook('onRequest', async (request) => {
        // The request serializer (maskUrl of req.url) throws on this object, as it did on `?email=%` before the fix.
        if (request.headers['x-fault'] === 'serializer') request.log.info({ req: { method: 'GET', get url(): string { throw new URIError('injected serializer failure'); } } }, 'poisoned');
      });
      app.addHook('onSend', async (request, _reply, payload) => {
        if (request.headers['x-fault'] === 'on-send') throw new Error('injected onSend failure');
        return payload;
      });
    });
    try {
      const statusWith = async (fault: string) => {
        const answer = await fetch(`${faulty.url}/healthz`, { headers: { 'x-fault': fault } });
        const body = await answer.text();
        const next = await fetch(`${faulty.url}/healthz`);
        return { status: answer.status, body, next: next.status };
      };
      expect(await statusWith('async-hook')).toEqual({ status: 500, body: '{"error":"internal error; it was logged"}', next: 200 });
      expect(await statusWith('sync-hook')).toEqual({ status: 500, body: '{"error":"internal error; it was logged"}', next: 200 });
      expect(await statusWith('on-send')).toMatchObject({ status: 500, next: 200 });
      expect(await statusWith('serializer')).toMatchObject({ status: 200, next: 200 });
      expect(faulty.logs()).toContain('"logFailure":"injected serializer failure","msg":"a log line could not be written"');
      expect(faulty.logs()).not.toContain('injected async hook failure"}'); // not in any answer either (checked above)
    } finally {
      await faulty.app.close();
    }
  });
});

describe('bodies', () => {
  it('answers a webhook nested 3,000 deep (about 6 KB, valid token) with 400 naming the depth, not 500', async () => {
    const body = `{"event":"track_updated","data":{"extra":${'['.repeat(3000)}${']'.repeat(3000)}}}`;
    const answer = await s.call(null, 'POST', `/webhooks/shippo?token=${WEBHOOK_SECRET}`, body);
    expect({ status: answer.status, error: answer.json.error }).toEqual({ status: 400, error: expect.stringMatching(/^data\.extra(\.0)+: is nested deeper than 64 levels$/) });
    expect((await s.call(null, 'GET', '/healthz')).status).toBe(200);
  });

  it('refuses __proto__ and constructor keys with a message naming the key, in API and webhook bodies', async () => {
    const proto = await s.call('support', 'POST', '/claims', `{"__proto__":{"admin":true},${JSON.stringify(claimRequest(MAC)).slice(1)}`);
    expect(proto.status).toBe(400);
    expect(proto.json.fields).toEqual([{ field: '__proto__', message: expect.stringContaining('key "__proto__" is not accepted in JSON') }]);
    const nested = { ...claimRequest(MAC), shipTo: { ...claimRequest(MAC).shipTo, constructor: { prototype: { admin: true } } } };
    const constructor = await s.call('support', 'POST', '/claims', nested);
    expect(constructor.status).toBe(400);
    expect(constructor.json.fields).toEqual([{ field: 'shipTo.constructor', message: expect.stringContaining('key "constructor" is not accepted in JSON') }]);
    const hook = await s.call(null, 'POST', `/webhooks/shippo?token=${WEBHOOK_SECRET}`, '{"event":"track_updated","data":{"__proto__":{}}}');
    expect(hook.status).toBe(400);
    expect(hook.json.error).toContain('data.__proto__: key "__proto__" is not accepted in JSON');
  });

  it('refuses NUL, other control characters and bidi overrides in free text with 400 naming the field; keeps accents, CJK and emoji', async () => {
    const base = claimRequest(MAC, '2301');
    const cases: Array<[string, unknown]> = [
      ['contact.name', { ...base, contact: { ...base.contact, name: 'Dana\u0000Whitfield' } }],
      ['description', { ...base, description: 'cuts out \u202Eevil' }],
      ['shipTo.street1', { ...base, shipTo: { ...base.shipTo, street1: '1401 Elm\u0007 St' } }],
      ['troubleshooting.notes', { ...base, troubleshooting: { ...base.troubleshooting, notes: 'isolate \u2066x\u2069' } }],
      ['triggeredBy', { ...base, triggeredBy: 'agent\nmorgan' }],
    ];
    for (const [field, body] of cases) {
      const refused = await s.call('support', 'POST', '/claims', body);
      expect({ field, status: refused.status, fields: refused.json.fields?.map((f: any) => f.field) }).toEqual({ field, status: 400, fields: [field] });
      expect(refused.json.fields[0].message).toMatch(/^must not contain (the control character|the bidi (override|isolate)|a line break)/);
    }
    const cancel = await s.call('support', 'POST', '/claims/RC-20260101-NOCLAIM/cancel', { reason: 'customer\u0000asked' });
    expect(cancel.json.fields).toEqual([{ field: 'reason', message: 'must not contain the control character U+0000 (character 9)' }]);
    const ordinary = await s.call('support', 'POST', '/claims', {
      ...base, contact: { ...base.contact, name: 'Zoë Ñúñez 山田 😀' }, description: 'Écran noir.\nRedémarre 🔁\tsouvent — 画面が消える',
    });
    expect(ordinary.status).toBe(201);
    const stored = await s.call('support', 'GET', `/claims/${ordinary.json.claimId}`);
    expect(stored.status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  it('answers a retry of the same request with the first answer, and a reuse for another request with 422 naming the key', async () => {
    await registerDevice(s.db, OTHER_MAC, '2302');
    const opened = await s.call('support', 'POST', '/claims', claimRequest(OTHER_MAC, '2302'));
    expect(opened.status).toBe(201);
    const claimId: string = opened.json.claimId;
    const cancel = (reason: string, key: string) => s.call('support', 'POST', `/claims/${claimId}/cancel`, { reason }, { 'idempotency-key': key });
    const first = await cancel('customer found the old phone', 'cancel-hardening-1');
    expect(first.status).toBe(200);
    const retried = await cancel('customer found the old phone', 'cancel-hardening-1');
    expect({ status: retried.status, json: retried.json }).toEqual({ status: first.status, json: first.json });
    const reused = await cancel('a different reason', 'cancel-hardening-1');
    expect(reused.status).toBe(422);
    expect(reused.json.error).toMatch(/^Idempotency-Key "cancel-hardening-1" was already used for another request \(cancelClaim on claim RC-/);
    expect(reused.json.fields).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('send a new key') }]);
    const elsewhere = await s.call('support', 'POST', '/claims/RC-20260101-NOCLAIM/cancel', { reason: 'customer found the old phone' }, { 'idempotency-key': 'cancel-hardening-1' });
    expect(elsewhere.status).toBe(404); // the claim is looked up first: an unknown claim is still 404
  });
});

describe('rate limits', () => {
  it('counts wrong-token webhook posts apart from valid deliveries from the same address', async () => {
    const limited = await extraServer({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const post = async (token: string) => (await fetch(`${limited.url}/webhooks/shippo?token=${token}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"transaction_created"}',
      })).status;
      const forged = [];
      for (let i = 0; i < 5; i++) forged.push(await post('wrong-token-wrong-token'));
      expect(forged).toEqual([401, 401, 401, 429, 429]);
      const valid = [];
      for (let i = 0; i < 4; i++) valid.push(await post(WEBHOOK_SECRET));
      expect(valid).toEqual([202, 202, 202, 429]);
    } finally {
      await limited.app.close();
    }
  });

  it('gives each client behind a trusted proxy (TRUST_PROXY) its own bucket, and trusts no forwarded address without it', async () => {
    const track = async (url: string, client: string) => (await fetch(`${url}/track/AAAAAAAAAAAAAAAAAAAAAAAA`, { headers: { 'x-forwarded-for': client } })).status;
    const proxied = await extraServer({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' });
    const direct = await extraServer({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      expect([await track(proxied.url, '203.0.113.1'), await track(proxied.url, '203.0.113.1'), await track(proxied.url, '203.0.113.1')]).toEqual([404, 404, 429]);
      expect(await track(proxied.url, '203.0.113.2')).toBe(404);
      expect([await track(direct.url, '203.0.113.1'), await track(direct.url, '203.0.113.2'), await track(direct.url, '203.0.113.3')]).toEqual([404, 404, 429]);
    } finally {
      await proxied.app.close();
      await direct.app.close();
    }
  });
});

describe('logs', () => {
  it('masks query parameters named like secrets, whatever their case', async () => {
    const secrets = ['SECRET-ONE', 'SECRET-TWO', 'SECRET-THREE', 'SECRET-FOUR', 'SECRET-FIVE', 'SECRET-SIX'];
    const query = ['apiKey', 'x-api-key', 'Password', 'secret', 'refresh_token', 'MyKey'].map((name, i) => `${name}=${secrets[i]}`).join('&');
    expect((await s.call(null, 'GET', `/healthz?${query}`)).status).toBe(200);
    await s.call(null, 'GET', `/no-such-route?${query}`);
    const logs = s.logs();
    expect(logs).toContain('"url":"/healthz?apiKey=***&x-api-key=***&Password=***&secret=***&refresh_token=***&MyKey=***"');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
