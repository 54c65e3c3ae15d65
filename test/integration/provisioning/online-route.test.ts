/**
 * `POST /devices/{mac}/online` on the real API: the shared secret, a bad MAC named in a 400, nothing to do (202) for a
 * phone that is not a replacement in flight; and support's E911 confirmation route when there is nothing to confirm.
 */
import { startSurfaceApp, type SurfaceApp } from '../surfaces/harness';

const SECRET = 'online-route-secret-0123456789';
let s: SurfaceApp;
beforeAll(async () => {
  s = await startSurfaceApp({ DEVICE_ONLINE_SECRET: SECRET });
});
afterAll(async () => s?.stop());

test('the shared secret is required: missing or wrong → 401 naming the token', async () => {
  for (const query of ['', '?token=wrong-secret-0000000000']) {
    const answer = await s.call(null, 'POST', `/devices/001565ABCDEF/online${query}`, {});
    expect([answer.status, answer.json]).toEqual([401, { error: 'token: missing or wrong' }]);
  }
});

test('a bad MAC is a 400 naming the field; an unknown phone is accepted with nothing to do', async () => {
  const bad = await s.call(null, 'POST', `/devices/00-15-65/online?token=${SECRET}`, {});
  expect(bad.status).toBe(400);
  expect(bad.json.fields).toEqual([{ field: 'mac', message: expect.stringMatching(/^must be 12 hex digits/) }]);
  const tooLong = await s.call(null, 'POST', `/devices/${'A'.repeat(40)}/online?token=${SECRET}`, {});
  expect([tooLong.status, tooLong.json.fields]).toEqual([400, [{ field: 'mac', message: 'must be a MAC address' }]]);
  const unknown = await s.call(null, 'POST', `/devices/0015.65ab.cdef/online?token=${SECRET}`);
  expect([unknown.status, unknown.json]).toEqual([202, { mac: '00:15:65:AB:CD:EF', ignored: 'not a replacement shipped by a claim' }]);
  expect(s.logs()).not.toContain(SECRET);
});

test('confirming the E911 location needs a note; an unknown claim is a 404', async () => {
  const noNote = await s.call('support', 'POST', '/claims/RC-20260101-NOCLAIM/emergency-address', {});
  expect([noNote.status, noNote.json.fields]).toEqual([400, [{ field: 'note', message: 'is required' }]]);
  const unknown = await s.call('support', 'POST', '/claims/RC-20260101-NOCLAIM/emergency-address', { note: 'stays at the office' });
  expect(unknown.status).toBe(404);
});
