/**
 * End to end in real headless Chromium (Debian's, through playwright-core): a claim opened through the API, its
 * pick-pack-ship task completed on the shipping board (browser-side validation first), the claim moves on to
 * shipped, and the customer page shows it. Screenshots go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { claimRequest, claimWithTask, registerDevice, startSurfaceApp, type SurfaceApp, until } from './harness';

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');
const MAC = '00:15:65:AB:CD:21';
let s: SurfaceApp;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  s = await startSurfaceApp();
  await registerDevice(s.db, MAC, '2121');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

it('completes a shipping task on the board (claim → shipped), then records the return (claim → closed)', async () => {
  const opened = await s.call('support', 'POST', '/claims', claimRequest(MAC, '2121'));
  expect(opened.status).toBe(201);
  const claimId: string = opened.json.claimId;
  const tasks = await until(() => s.call('shipping', 'GET', '/tasks?kind=pick-pack-ship'),
    (r) => r.json.tasks.some((t: { claimId: string; claim: { status: string } }) => t.claimId === claimId && t.claim.status === 'awaiting-shipment'));
  const taskId: string = tasks.json.tasks.find((t: { claimId: string }) => t.claimId === claimId).taskId;

  const page = await browser.newPage({ viewport: { width: 1024, height: 1366 } });
  const first = await page.goto(`${s.baseUrl}/board`);
  expect(first?.headers()['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
  expect(page.url()).toBe(`${s.baseUrl}/board/login`);
  await page.fill('#key', 'rf-dev-shipping-key');
  await Promise.all([page.waitForURL(`${s.baseUrl}/board`), page.click('button[type=submit]')]);

  const card = page.locator(`article[data-task="${taskId}"]`);
  const boardResponse = await page.request.get(`${s.baseUrl}/board`);
  expect(boardResponse.headers()['content-security-policy']).toMatch(/script-src 'sha256-/);
  await expect(card.locator('[data-claim-status]').textContent()).resolves.toBe('awaiting-shipment');
  await expect(card.locator('a', { hasText: 'Outbound label PDF' }).getAttribute('href')).resolves.toMatch(/\.pdf$/);
  await expect(card.locator('.badge.green').textContent()).resolves.toBe('on time');
  const height = await card.locator('button[type=submit]', { hasText: 'Shipped' }).evaluate((b) => b.getBoundingClientRect().height);
  expect(height).toBeGreaterThanOrEqual(48);

  await page.screenshot({ path: path.join(ARTIFACTS, 'board-with-task.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360); // no sideways scrolling on a phone
  await page.screenshot({ path: path.join(ARTIFACTS, 'board-360px.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 1366 });

  // Browser-side validation stops a bad MAC before anything is sent.
  await card.locator('input[name=replacementMac]').fill('12345');
  await card.locator('button', { hasText: 'Shipped' }).click();
  await expect(card.locator('.field-error').first().textContent()).resolves.toMatch(/MAC like/);
  expect(page.url()).toBe(`${s.baseUrl}/board`);
  expect((await s.call('support', 'GET', `/claims/${claimId}`)).json.status).toBe('awaiting-shipment');

  await card.locator('input[name=replacementMac]').fill('0015.65ab.ee21');
  await card.locator('input[name=serial]').fill('SN-BOARD-21');
  await Promise.all([page.waitForURL(/\/board\?ok=/, { timeout: 60_000 }), card.locator('button', { hasText: 'Shipped' }).click()]);
  await expect(page.locator('.flash.ok').textContent()).resolves.toBe(`Claim ${claimId} is shipped`);
  expect(await page.locator(`article[data-task="${taskId}"]`).count()).toBe(0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'board-after-shipping.png'), fullPage: true });

  const claim = await s.call('support', 'GET', `/claims/${claimId}`);
  expect(claim.json.status).toBe('shipped');
  expect(claim.json.replacementMac).toBe('00:15:65:AB:EE:21');
  expect(claim.json.tasks.find((t: { kind: string }) => t.kind === 'pick-pack-ship')).toMatchObject({ status: 'done', outcome: 'shipped' });

  // The same step again from the board is refused with the workflow's reason (409), shown on the page.
  const csrf = await page.locator('input[name=_csrf]').first().getAttribute('value');
  const again = await page.request.post(`${s.baseUrl}/board/claims/${claimId}/shipment`, {
    form: { replacementMac: '001565abee21', _csrf: csrf! }, headers: { origin: s.baseUrl }, maxRedirects: 0,
  });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain('already handed to the carrier');

  // Delivered (carrier webhook) → a receive-return task; record the receipt on the board and the claim closes.
  await s.product.sandbox.playTracking(claim.json.legs.outbound.trackingNumber, ['TRANSIT', 'DELIVERED']);
  const receiveTask = await until(() => s.call('shipping', 'GET', '/tasks?kind=receive-return'),
    (r) => r.json.tasks.some((t: { claimId: string }) => t.claimId === claimId));
  const receiveId: string = receiveTask.json.tasks.find((t: { claimId: string }) => t.claimId === claimId).taskId;
  await page.goto(`${s.baseUrl}/board`);
  const receiveCard = page.locator(`article[data-task="${receiveId}"]`);
  await receiveCard.locator('input[name=receivedMac]').fill(MAC);
  await receiveCard.locator('button', { hasText: 'Record receipt' }).click();
  await expect(receiveCard.locator('select + .field-error').textContent()).resolves.toBe('Required');
  await receiveCard.locator('select[name=condition]').selectOption('defect confirmed');
  await receiveCard.locator('input[name=notes]').fill('audio board <b>burnt</b>');
  await Promise.all([page.waitForURL(/\/board\?ok=/, { timeout: 60_000 }), receiveCard.locator('button', { hasText: 'Record receipt' }).click()]);
  await expect(page.locator('.flash.ok').textContent()).resolves.toBe(`Return of claim ${claimId} recorded; the claim is closed`);
  const closed = await until(() => s.call('support', 'GET', `/claims/${claimId}`), (r) => r.json.status === 'closed');
  expect(closed.json.status).toBe('closed');

  const customer = await browser.newPage();
  await customer.goto(claim.json.trackingUrl);
  await expect(customer.locator('h2').first().textContent()).resolves.toBe('All done: your claim is closed. Thank you!');
  await customer.screenshot({ path: path.join(ARTIFACTS, 'customer-tracking-page.png'), fullPage: true });
  expect(fs.statSync(path.join(ARTIFACTS, 'board-after-shipping.png')).size).toBeGreaterThan(10_000);
});

it('escapes data on the board: a hostile summary renders as text', async () => {
  await claimWithTask(s.db, 'RC-20260101-XSS', {
    kind: 'pick-pack-ship', slaDueAt: '2020-01-01T00:00:00.000Z', summary: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
  });
  const page = await browser.newPage();
  await page.goto(`${s.baseUrl}/board/login`);
  await page.fill('#key', 'rf-dev-shipping-key');
  await Promise.all([page.waitForURL(`${s.baseUrl}/board`), page.click('button[type=submit]')]);
  const card = page.locator('article[data-task="RC-20260101-XSS--pick-pack-ship"]');
  await expect(card.locator('p').first().textContent()).resolves.toContain('<script>window.__pwned=2</script>');
  await expect(card.locator('.badge.red').textContent()).resolves.toBe('OVERDUE');
  expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  const firstCard = await page.locator('article').first().getAttribute('data-task');
  expect(firstCard).toBe('RC-20260101-XSS--pick-pack-ship');
  await page.screenshot({ path: path.join(ARTIFACTS, 'board-overdue-escaped.png'), fullPage: true });
});
