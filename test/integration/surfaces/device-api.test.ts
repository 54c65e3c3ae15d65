/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers */
/**
 * Support's lookups through the API on real parts, every answer checked against the OpenAPI document: a device by
 * MAC in any notation (its coverage today, nothing opened), by account and extension, by customer email; a claim
 * by a device's MAC; and `GET /tasks` by role (each role lists the kinds it works, support also its attention list).
 */
import { claimRequest, registerDevice, startSurfaceApp, until, type SurfaceApp } from './harness';
import { responseChecker } from './openapi-check';

let s: SurfaceApp;
let check: ReturnType<typeof responseChecker>;
const problems: string[] = [];
const MAC = '00:15:65:DA:00:01';
const EMAIL = 'lookup.customer@acme.example';

/** Calls the API and records any mismatch with the documented response schema of `template`. */
async function call(role: Parameters<SurfaceApp['call']>[0], path: string, template: string) {
  const result = await s.call(role, 'GET', path);
  if (result.json !== undefined) problems.push(...check('GET', template, result.status, result.json));
  return result;
}

beforeAll(async () => {
  s = await startSurfaceApp();
  await registerDevice(s.db, MAC, '3101');
  check = responseChecker((await s.call(null, 'GET', '/openapi.json')).json);
});
afterAll(async () => s?.stop());

describe('device lookups and work queues through the API', () => {
  it('finds a device by MAC in any notation and previews its coverage without opening anything', async () => {
    for (const notation of ['00-15-65-da-00-01', '0015.65DA.0001', '001565da0001']) {
      const found = await call('support', `/devices/${notation}`, '/devices/{mac}');
      expect([notation, found.status, found.json.mac]).toEqual([notation, 200, MAC]);
    }
    const device = (await call('supervisor', `/devices/${MAC}`, '/devices/{mac}')).json;
    expect(device).toMatchObject({ known: true, openClaim: null, pastClaims: [], repeat: { repeat: false } });
    expect(device.device).toMatchObject({ extension: '3101', accountId: 'ACME-1001', modelName: 'Yealink T54W', leaseActive: false });
    expect(device.coverage.defect).toMatchObject({ outcome: 'approved', rule: 'manufacturer-warranty' });
    expect(device.coverage['physical-damage'].outcome).toBe('denied');
    expect((await s.call('support', 'GET', `/claims?mac=${MAC}`)).json.claims).toEqual([]);
    const unknown = (await call('support', '/devices/001565da0099', '/devices/{mac}')).json;
    expect([unknown.known, unknown.device]).toEqual([false, null]);
    const bad = await s.call('support', 'GET', '/devices/nope');
    expect(bad.status).toBe(400);
  });

  it('finds devices by account and extension, and by a customer email once it has a claim; the claim reads by MAC', async () => {
    const byExtension = (await call('support', '/devices?accountId=acme-1001&extension=3101', '/devices')).json;
    expect(byExtension.devices.map((d: any) => [d.mac, d.modelName, d.latestClaim])).toEqual([[MAC, 'Yealink T54W', null]]);
    expect((await call('support', '/devices?accountId=ACME-1001&extension=3999', '/devices')).json.devices).toEqual([]);
    const half = await s.call('support', 'GET', '/devices?extension=3101');
    expect([half.status, half.json.fields?.[0]]).toEqual([400, { field: 'accountId', message: 'is required with extension (or search by email)' }]);
    expect((await call('support', `/devices?email=${EMAIL}`, '/devices')).json.devices).toEqual([]);

    const opened = await s.call('support', 'POST', '/claims', claimRequest(MAC, '3101', EMAIL));
    expect(opened.status).toBe(201);
    const claimId: string = opened.json.claimId;
    await until(() => s.call('support', 'GET', `/claims/${claimId}`), (r) => r.json.status === 'awaiting-shipment');

    const byEmail = (await call('support', `/devices?email=${EMAIL.toUpperCase()}`, '/devices')).json;
    expect(byEmail.devices.map((d: any) => [d.mac, d.latestClaim?.claimId])).toEqual([[MAC, claimId]]);
    const device = (await call('support', `/devices/${MAC}`, '/devices/{mac}')).json;
    expect(device.openClaim.claimId).toBe(claimId);
    const byMac = await call('support', '/claims/00-15-65-DA-00-01', '/claims/{claimId}');
    expect([byMac.status, byMac.json.claimId, byMac.json.flags]).toEqual([200, claimId, { billing: false, escalated: false }]);
    expect((await s.call('support', 'GET', '/claims/001565da0099')).status).toBe(404);
  });

  it('lists each role the task kinds it works: shipping its own, support fix-address and back-order (and its attention list), supervisors review-device', async () => {
    const shipping = (await call('shipping', '/tasks', '/tasks')).json;
    expect(shipping.tasks.map((t: any) => t.kind)).toContain('pick-pack-ship');
    expect(shipping.attention).toBeUndefined();
    const support = (await call('support', '/tasks', '/tasks')).json;
    expect(support.tasks.every((t: any) => ['fix-address', 'backorder-escalation'].includes(t.kind))).toBe(true);
    expect(Array.isArray(support.attention)).toBe(true);
    const supervisor = (await call('supervisor', '/tasks?overdue=true&limit=5', '/tasks')).json;
    expect(supervisor.tasks.every((t: any) => t.kind === 'review-device' && t.overdue)).toBe(true);
    const admin = (await call('admin', '/tasks?kind=pick-pack-ship', '/tasks')).json;
    expect(admin.tasks.length).toBe(shipping.tasks.filter((t: any) => t.kind === 'pick-pack-ship').length);
    expect(problems).toEqual([]);
  });
});
