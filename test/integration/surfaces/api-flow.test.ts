/**
 * The API on real parts, one claim from trigger to close: open (201, then 200 with the same claim), search, labels,
 * take the task, complete pick-pack-ship (validator answers synchronously), carrier webhooks, the customer page, the
 * return receipt, reports; plus an unknown device decided by a supervisor, and the error contract. Every JSON
 * response is checked against the served OpenAPI document.
 */
import { PassThrough } from 'node:stream';
import { createApiServer } from '../../../client/api/server';
import { responseChecker } from './openapi-check';
import { claimRequest, registerDevice, startSurfaceApp, until, type SurfaceApp } from './harness';

let s: SurfaceApp;
let check: ReturnType<typeof responseChecker>;
const MAC = '00:15:65:AB:CD:01';
const UNKNOWN_MAC = '00:15:65:AB:CD:99';

/** Calls the API and checks the answer against the documented response schema of `template` (the served OpenAPI document). */
async function call(role: Parameters<SurfaceApp['call']>[0], method: string, path: string, template: string, body?: unknown) {
  const result = await s.call(role, method, path, body);
  if (result.json !== undefined) expect(check(method, template, result.status, result.json)).toEqual([]);
  return result;
}

beforeAll(async () => {
  s = await startSurfaceApp();
  await registerDevice(s.db, MAC);
  check = responseChecker((await s.call(null, 'GET', '/openapi.json')).json);
});
afterAll(async () => s?.stop());

describe('a claim through the API', () => {
  it('from trigger to close: open, list and take the task, read and search, complete the shipment, the customer page, webhooks, the return receipt, the report', async () => {
    let claimId = '';
    let taskId = '';
    let trackingUrl = '';

    { // opens a claim (201) and answers 200 with the same claim when the device already has one
      const first = await call('support', 'POST', '/claims', '/claims', claimRequest(MAC));
      expect(first.status).toBe(201);
      expect(first.json.created).toBe(true);
      claimId = first.json.claimId;
      const again = await call('support', 'POST', '/claims', '/claims', claimRequest('0015.65ab.cd01'));
      expect(again.status).toBe(200);
      expect(again.json).toMatchObject({ claimId, created: false });
    }

    { // lists the pick-pack-ship task once labels are bought, with label links and SLA
      const listed = await until(() => call('shipping', 'GET', '/tasks?kind=pick-pack-ship', '/tasks'),
        (r) => r.json?.tasks?.some((t: { claimId: string; claim: { status: string } }) => t.claimId === claimId && t.claim.status === 'awaiting-shipment'));
      const task = listed.json.tasks.find((t: { claimId: string }) => t.claimId === claimId);
      expect(task).toMatchObject({ kind: 'pick-pack-ship', status: 'open', overdue: false, claim: { mac: MAC, status: 'awaiting-shipment' } });
      expect(task.labels.outbound).toMatch(/\.pdf$/);
      expect(task.labels.return).toMatch(/\.pdf$/);
      taskId = task.taskId;
      const labels = await call('shipping', 'GET', `/claims/${claimId}/labels`, '/claims/{claimId}/labels');
      expect(labels.status).toBe(200);
      expect(labels.json.outbound.labelUrl).toBe(task.labels.outbound);
    }

    { // reads and searches the claim for support
      const claim = await call('support', 'GET', `/claims/${claimId}`, '/claims/{claimId}');
      expect(claim.status).toBe(200);
      expect(claim.json).toMatchObject({ claimId, status: 'awaiting-shipment', mac: MAC });
      expect(claim.json.trackingToken).toBeUndefined();
      trackingUrl = claim.json.trackingUrl;
      expect(trackingUrl).toMatch(new RegExp(`^${s.baseUrl}/track/${claimId}\\.[A-Za-z0-9_-]{24}$`));
      for (const query of [`mac=001565abcd01`, 'extension=2101', 'email=Dana.Whitfield%40acme.example', 'status=awaiting-shipment']) {
        const found = await call('support', 'GET', `/claims?${query}`, '/claims');
        expect(found.status).toBe(200);
        expect(found.json.claims.map((c: { claimId: string }) => c.claimId)).toContain(claimId);
      }
      const newest = await call('support', 'GET', '/claims?limit=1', '/claims');
      expect(newest.status).toBe(200);
      expect(newest.json.claims.map((c: { claimId: string }) => c.claimId)).toEqual([claimId]);
      const badCursor = await call('support', 'GET', '/claims?cursor=nope', '/claims');
      expect(badCursor.status).toBe(400);
      expect(badCursor.json.error).toMatch(/cursor: is not a cursor this search returned/);
    }

    { // lets shipping take the task once (409 the second time)
      const taken = await call('shipping', 'POST', `/tasks/${taskId}/take`, '/tasks/{taskId}/take', { assignee: 'sam' });
      expect(taken.status).toBe(200);
      expect(taken.json).toMatchObject({ status: 'taken', assignee: 'sam' });
      const again = await call('shipping', 'POST', `/tasks/${taskId}/take`, '/tasks/{taskId}/take', {});
      expect(again.status).toBe(409);
      expect(again.json.error).toMatch(/is taken \(assignee sam\), not open/);
      expect((await call('shipping', 'POST', '/tasks/RC-NOPE--pick-pack-ship/take', '/tasks/{taskId}/take', {})).status).toBe(404);
    }

    { // completes pick-pack-ship: 400 for a bad MAC, 200 shipped (a retry with the same Idempotency-Key gets the same answer), then 409 without it and cancel refused
      const bad = await call('shipping', 'POST', `/claims/${claimId}/shipment`, '/claims/{claimId}/shipment', { replacementMac: '12345' });
      expect(bad.status).toBe(400);
      expect(bad.json.fields[0].field).toBe('replacementMac');
      const badKey = await s.call('shipping', 'POST', `/claims/${claimId}/shipment`, { replacementMac: '0015.65ab.ee01' }, { 'idempotency-key': 'has space' });
      expect(badKey.status).toBe(400);
      expect(badKey.json.fields[0].field).toBe('Idempotency-Key');
      const ship = () => s.call('shipping', 'POST', `/claims/${claimId}/shipment`, { replacementMac: '0015.65ab.ee01', serial: 'SN-1', by: 'sam' }, { 'idempotency-key': 'ship-once-1' });
      const done = await ship();
      expect(check('POST', '/claims/{claimId}/shipment', done.status, done.json)).toEqual([]);
      expect(done.status).toBe(200);
      expect(done.json).toMatchObject({ claimId, status: 'shipped' });
      // A retried request (same Idempotency-Key) gets the first answer: the same Update, applied once.
      const retried = await ship();
      expect(retried.status).toBe(200);
      expect(retried.json).toEqual(done.json);
      const twice = await call('shipping', 'POST', `/claims/${claimId}/shipment`, '/claims/{claimId}/shipment', { replacementMac: '0015.65ab.ee01' });
      expect(twice.status).toBe(409);
      expect(twice.json.error).toMatch(/already handed to the carrier/);
      const cancel = await call('support', 'POST', `/claims/${claimId}/cancel`, '/claims/{claimId}/cancel', { reason: 'customer changed mind' });
      expect(cancel.status).toBe(409);
      expect(cancel.json.error).toMatch(/cannot cancel: the replacement was handed to the carrier/);
    }

    { // shows the customer page (JSON and HTML) without contact details; unknown tokens are 404
      const token = trackingUrl.split('/').pop()!;
      const json = await call(null, 'GET', `/track/${token}.json`, '/track/{token}');
      expect(json.status).toBe(200);
      expect(json.json).toMatchObject({ claimId, status: 'shipped' });
      expect(json.json.shipments).toHaveLength(2);
      const byAccept = await s.call(null, 'GET', `/track/${token}`, undefined, { accept: 'application/json' });
      expect(byAccept.json.status).toBe('shipped');
      const page = await s.call(null, 'GET', `/track/${token}`, undefined, { accept: 'text/html' });
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.text).toContain('Your replacement is on its way.');
      for (const secret of ['dana.whitfield', '555 0101', '1401 Elm']) {
        expect(page.text).not.toContain(secret);
        expect(json.text).not.toContain(secret);
      }
      expect((await s.call(null, 'GET', '/track/AAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
      expect((await s.call(null, 'GET', '/track/<script>')).status).toBe(404);
    }

    { // takes carrier tracking webhooks (wrong token 401) and moves the claim to delivered
      const forged = await s.call(null, 'POST', '/webhooks/shippo?token=wrong-token-wrong-token', '{"event":"track_updated"}');
      expect(forged.status).toBe(401);
      const labels = await s.call('shipping', 'GET', `/claims/${claimId}/labels`);
      const deliveries = await s.product.sandbox.playTracking(labels.json.outbound.trackingNumber, ['TRANSIT', 'DELIVERED']);
      expect(deliveries.map((d) => d.responseStatus)).toEqual([200, 200]);
      const claim = await until(() => s.call('support', 'GET', `/claims/${claimId}`), (r) => r.json.status === 'delivered');
      expect(claim.json.status).toBe('delivered');
    }

    { // records the return receipt and the claim closes; the report counts it
      const receipt = await call('shipping', 'POST', `/claims/${claimId}/return-receipt`, '/claims/{claimId}/return-receipt',
        { receivedMac: MAC, condition: 'defect confirmed', notes: 'audio board' });
      expect(receipt.status).toBe(200);
      expect(receipt.json).toMatchObject({ status: 'closed', receipt: { macMatches: true, condition: 'defect confirmed' } });
      const claim = await until(() => s.call('support', 'GET', `/claims/${claimId}`), (r) => r.json.status === 'closed');
      expect(claim.json.status).toBe('closed');
      const report = await call('shipping', 'GET', '/reports', '/reports');
      expect(report.status).toBe(200);
      expect(report.json.byStatus.closed).toBe(1);
      expect(report.json.byModel['yealink-t54w'].closed).toBe(1);
      expect(report.json.returnRate).toBe(1);
      expect(typeof report.json.medianHoursToHandOver).toBe('number');
      expect(typeof report.json.medianHoursToClose).toBe('number');
    }
  });

  it('refuses a bad trigger with one message per field', async () => {
    const bad = await call('support', 'POST', '/claims', '/claims', { ...claimRequest('not-a-mac'), extension: 'x', contact: { name: 'D' } });
    expect(bad.status).toBe(400);
    const fields = bad.json.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['mac', 'extension', 'contact.phone', 'contact.email']));
    expect(bad.json.fields.find((f: { field: string }) => f.field === 'extension').message).toBe('must be 2 to 8 digits');
    expect(bad.json.fields.find((f: { field: string }) => f.field === 'contact.phone').message).toBe('is required');
  });
});

describe('an unknown device decided by a supervisor', () => {
  it('waits under review; a decision needs a reason; approve once (409 after)', async () => {
    const opened = await call('support', 'POST', '/claims', '/claims', claimRequest(UNKNOWN_MAC, '2102', 'lee@acme.example'));
    expect(opened.status).toBe(201);
    const claimId = opened.json.claimId;
    await until(() => s.call('supervisor', 'GET', `/claims/${claimId}`), (r) => r.json?.status === 'under-review');
    const noReason = await call('supervisor', 'POST', `/claims/${claimId}/decision`, '/claims/{claimId}/decision', { approve: false, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.fields).toEqual([{ field: 'reason', message: 'is required' }]);
    const noModel = await call('supervisor', 'POST', `/claims/${claimId}/decision`, '/claims/{claimId}/decision', { approve: true, reason: 'invoice 1234' });
    expect(noModel.status).toBe(400);
    expect(noModel.json.fields.map((f: { field: string }) => f.field)).toEqual(['model']);
    const approved = await call('supervisor', 'POST', `/claims/${claimId}/decision`, '/claims/{claimId}/decision', { approve: true, reason: 'invoice 1234 shows our web store', model: 'yealink-t54w' });
    expect({ status: approved.status, body: approved.json }).toMatchObject({ status: 200, body: { status: 'approved', decision: { rule: 'supervisor-approved' } } });
    const again = await call('supervisor', 'POST', `/claims/${claimId}/decision`, '/claims/{claimId}/decision', { approve: false, reason: 'changed my mind' });
    expect(again.status).toBe(409);
    const cancelled = await call('support', 'POST', `/claims/${claimId}/cancel`, '/claims/{claimId}/cancel', { reason: 'customer found the old phone works' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe('cancelled');
  });
});

describe('a human step slower than the wait deadline', () => {
  it('answers 504 and the step is still applied, once', async () => {
    const mac = '00:15:65:AB:CD:55';
    await registerDevice(s.db, mac, '2155');
    const opened = await s.call('support', 'POST', '/claims', claimRequest(mac, '2155', 'slow@acme.example'));
    const claimId = opened.json.claimId;
    await until(() => s.call('support', 'GET', `/claims/${claimId}`), (r) => r.json?.status === 'awaiting-shipment');
    const impatient = await createApiServer({ config: s.config, db: s.db, temporal: s.product.client, taskQueue: s.product.taskQueue, updateWaitMs: 1, logStream: new PassThrough() });
    const address = await impatient.listen({ port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`${address}/claims/${claimId}/shipment`, {
        method: 'POST', headers: { 'x-api-key': 'rf-dev-shipping-key', 'content-type': 'application/json' }, body: JSON.stringify({ replacementMac: '001565abee55' }),
      });
      expect(response.status).toBe(504);
      expect(((await response.json()) as { error: string }).error).toMatch(/did not answer within .* read the claim before retrying/);
    } finally {
      await impatient.close();
    }
    const claim = await until(() => s.call('support', 'GET', `/claims/${claimId}`), (r) => r.json.status === 'shipped');
    expect(claim.json).toMatchObject({ status: 'shipped', replacementMac: '00:15:65:AB:EE:55' });
    expect(claim.json.timeline.filter((e: { status?: string }) => e.status === 'shipped')).toHaveLength(1);
  });
});

describe('the error contract', () => {
  it('answers 413 for an oversized body, 400 for malformed JSON, 404 for unknown claims and routes, never a stack', async () => {
    const big = await s.call('support', 'POST', '/claims', { ...claimRequest(MAC), description: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect(big.json.error).toMatch(/body too large/);
    const malformed = await s.call('support', 'POST', '/claims', '{"mac":');
    expect(malformed.status).toBe(400);
    expect((await call('support', 'GET', '/claims/RC-20260101-NOPE', '/claims/{claimId}')).status).toBe(404);
    expect((await call('support', 'POST', '/claims/RC-20260101-NOPE/cancel', '/claims/{claimId}/cancel', { reason: 'x' })).status).toBe(404);
    expect((await s.call('support', 'GET', '/nowhere')).status).toBe(404);
    for (const body of [big.text, malformed.text]) expect(body).not.toMatch(/at .*\.ts:\d+|node_modules/);
  });

  it('logged no full email, phone number, tracking token or API key', async () => {
    const mac = '00:15:65:AB:CD:77';
    await registerDevice(s.db, mac, '2177');
    const opened = await call('support', 'POST', '/claims', '/claims', claimRequest(mac, '2177', 'dana.whitfield@acme.example'));
    await call('support', 'GET', `/claims/${opened.json.claimId}`, '/claims/{claimId}');
    const logs = s.logs();
    expect(logs).toContain('claim opened');
    expect(logs).toContain('d***@acme.example');
    for (const secret of ['dana.whitfield@', 'lee@acme', '555 0101', 'rf-dev-', 'surfaces-webhook-secret']) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/\/track\/[A-Za-z0-9_.-]{16,}/);
  });
});
