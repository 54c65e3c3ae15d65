/**
 * Page sessions and forms (issue #13), on the real product: logout revokes the session server-side (a replayed cookie
 * no longer opens the board); a session ends when its key leaves API_KEYS; state-changing page requests need the
 * same Origin (or Referer) and the page's CSRF token; a failed form without a session shows the login form, never the
 * tasks; control characters in board forms are refused naming the field.
 */
import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { hashApiKey } from '../../../client/api/api-keys';
import { createApiServer } from '../../../client/api/server';
import { loadConfig } from '../../../config/env';
import { findFreePort } from '../../../scripts/lib/ports';
import { claimWithTask, pageVisitor, startSurfaceApp, type SurfaceApp } from './harness';

let s: SurfaceApp;
const NO_TASK = 'RC-20260101-NOCLAIM--pick-pack-ship';
const NO_CLAIM = 'RC-20260101-NOCLAIM';

beforeAll(async () => {
  s = await startSurfaceApp();
  await claimWithTask(s.db, 'RC-20260101-PAGES', { kind: 'pick-pack-ship', slaDueAt: '2030-01-01T00:00:00.000Z', summary: 'a task only shipping may see' });
});
afterAll(async () => s?.stop());

/** A server on the same product with its own API_KEYS, a fixed session secret and maybe its own clock; stopped by the caller. */
async function serverWithKeys(apiKeys: string, clock?: () => Date): Promise<{ app: FastifyInstance; url: string }> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ PUBLIC_BASE_URL: url, API_KEYS: apiKeys, BOARD_SESSION_SECRET: 'a-shared-page-session-secret-0123', SHIPPO_WEBHOOK_SECRET: 'surfaces-webhook-secret-0123456789' });
  const app = await createApiServer({ config, db: s.db, temporal: s.product.client, taskQueue: s.product.taskQueue, logStream: new PassThrough(), ...(clock ? { clock } : {}) });
  await app.listen({ port, host: '127.0.0.1' });
  return { app, url };
}

describe('logout', () => {
  it('revokes the session: the old cookie replayed afterwards is sent to the login form', async () => {
    const visitor = pageVisitor(s.baseUrl);
    expect(await visitor.logIn('rf-dev-shipping-key')).toBe(303);
    expect((await visitor.get('/board')).status).toBe(200);
    const stolen = visitor.cookies();
    const out = await visitor.post('/board/logout');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/board/login');
    const replay = await s.call(null, 'GET', '/board', undefined, { cookie: stolen });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/board/login');
  });
});

describe('API_KEYS changes', () => {
  it('refuses a session whose key was removed from API_KEYS, and keeps one whose key is still there', async () => {
    const dock = 'dock-key-for-session-test';
    const withKey = await serverWithKeys(`shipping:dock-1:${hashApiKey(dock)},support:${hashApiKey('support-key-x')}`);
    const sameKeys = await serverWithKeys(`shipping:dock-1:${hashApiKey(dock)},support:${hashApiKey('support-key-x')}`);
    const keyRemoved = await serverWithKeys(`support:${hashApiKey('support-key-x')}`);
    try {
      const visitor = pageVisitor(withKey.url);
      expect(await visitor.logIn(dock)).toBe(303);
      const cookie = visitor.cookies();
      const board = async (url: string) => (await fetch(`${url}/board`, { headers: { cookie }, redirect: 'manual' })).status;
      expect(await board(withKey.url)).toBe(200);
      expect(await board(sameKeys.url)).toBe(200); // another replica with the same keys and secret: the session holds
      expect(await board(keyRemoved.url)).toBe(303); // the key is gone: the session is refused…
      expect(await board(withKey.url)).toBe(303); // …and revoked, everywhere
    } finally {
      await Promise.all([withKey.app.close(), sameKeys.app.close(), keyRemoved.app.close()]);
    }
  });
});

describe('session lifetime', () => {
  it('refuses a session past its 12 hours (expiresAt, checked on read) and deletes it', async () => {
    const keys = `shipping:dock-2:${hashApiKey('dock-key-lifetime')}`;
    const now = await serverWithKeys(keys);
    const later = await serverWithKeys(keys, () => new Date(Date.now() + 12 * 3_600_000 + 60_000));
    try {
      const visitor = pageVisitor(now.url);
      expect(await visitor.logIn('dock-key-lifetime')).toBe(303);
      const board = async (url: string) => (await fetch(`${url}/board`, { headers: { cookie: visitor.cookies() }, redirect: 'manual' })).status;
      const sessionId = decodeURIComponent(visitor.cookie('rf_session')!).split('.')[0]!;
      expect(await s.db.collection('page_sessions').countDocuments({ _id: sessionId as never })).toBe(1);
      expect(await board(now.url)).toBe(200);
      expect(await board(later.url)).toBe(303);
      expect(await s.db.collection('page_sessions').countDocuments({ _id: sessionId as never })).toBe(0);
    } finally {
      await Promise.all([now.app.close(), later.app.close()]);
    }
  });
});

describe('cross-site requests', () => {
  it('refuses page posts from another origin, a sibling subdomain Referer, no origin at all, or without the CSRF token', async () => {
    const visitor = pageVisitor(s.baseUrl);
    expect(await visitor.logIn('rf-dev-shipping-key')).toBe(303);
    await visitor.get('/board');
    const take = `/board/tasks/${NO_TASK}/take`;
    const attempts = {
      'other origin': await visitor.post(take, {}, { origin: 'https://evil.example' }),
      'sibling subdomain referer': await visitor.post(take, {}, { origin: '', referer: 'http://board.127.0.0.1.nip.example/board' }),
      'no origin or referer': await visitor.post(take, {}, { origin: '' }),
      'no CSRF token': await visitor.post(take, { _csrf: null }),
      'a wrong CSRF token': await visitor.post(take, { _csrf: 'not-the-token' }),
    };
    for (const [what, answer] of Object.entries(attempts)) expect({ what, status: answer.status }).toEqual({ what, status: 403 });
    expect(attempts['other origin'].text).toContain('cross-site request refused: page forms are accepted only from');
    expect(attempts['no CSRF token'].text).toContain('this form has expired or was not sent from this site');
    const accepted = await visitor.post(take);
    expect(accepted.status).toBe(404); // same origin and the page's token: it reaches the step (no such task)
    expect(accepted.text).toContain(`task ${NO_TASK} not found`);
    const another = pageVisitor(s.baseUrl);
    expect(await another.logIn('rf-dev-shipping-key')).toBe(303);
    expect((await another.post(take, { _csrf: visitor.csrf() })).status).toBe(403); // a token belongs to its session
  });

  it('refuses a login form posted cross-site or without its token', async () => {
    const visitor = pageVisitor(s.baseUrl);
    await visitor.get('/board/login');
    expect((await visitor.post('/board/login', { key: 'rf-dev-shipping-key' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await visitor.post('/board/login', { key: 'rf-dev-shipping-key', _csrf: null })).status).toBe(403);
    expect((await visitor.post('/board/login', { key: 'rf-dev-shipping-key' })).status).toBe(303);
  });
});

describe('page errors', () => {
  it('shows a failed form without a session as the login form, never the tasks', async () => {
    const visitor = pageVisitor(s.baseUrl);
    await visitor.get('/board/login');
    const empty = await visitor.post('/board/login', { key: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Log in with the shipping department');
    expect(empty.text).not.toContain('data-task=');
    expect(empty.text).not.toContain('a task only shipping may see');
  });

  it('refuses control characters and bidi overrides in board forms, naming the field', async () => {
    const visitor = pageVisitor(s.baseUrl);
    expect(await visitor.logIn('rf-dev-shipping-key')).toBe(303);
    await visitor.get('/board');
    const receipt = await visitor.post(`/board/claims/${NO_CLAIM}/return-receipt`, { receivedMac: '001565000002', condition: 'defect confirmed', notes: 'burnt \u202Eboard' });
    expect(receipt.status).toBe(400);
    expect(receipt.text).toContain('Please fix: notes must not contain the bidi override U+202E');
    const shipment = await visitor.post(`/board/claims/${NO_CLAIM}/shipment`, { replacementMac: '001565000002', serial: 'SN\u00001' });
    expect(shipment.status).toBe(400);
    expect(shipment.text).toContain('Please fix: serial must not contain the control character U+0000');
  });
});
