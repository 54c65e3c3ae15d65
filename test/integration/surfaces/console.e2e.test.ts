/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers */
/**
 * The support console end to end in real headless Chromium (Debian's, through playwright-core) on the embedded
 * stack: an agent finds a device by account and extension, reads its coverage, opens a claim (the browser refuses a
 * bad field first) and watches it reach awaiting-shipment; opening it again shows the open claim; a supervisor
 * approves an unknown device from the review queue with a written reason and the claim goes on; support corrects a
 * bad address from its queue and the labels are bought; a cancel after hand-over shows the refusal and changes
 * nothing; the reports page draws its charts from this test's claims. Every page is captured at 390, 1024 and
 * 1440 px (test-artifacts/console-*.png), with no sideways scrolling at 390 px and no serious or critical axe-core
 * violation. The browser's time zone is America/Chicago: the pages show times there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expectNoHorizontalOverflow, seriousViolations } from './browser-checks';
import { claimRequest, importRows, registerDevice, startSurfaceApp, until, type SurfaceApp } from './harness';

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');
const WIDTHS = [390, 1024, 1440];
const COVERED = '00:15:65:C0:00:01';
const UNKNOWN = '00:15:65:C0:00:02';
const BAD_ADDRESS = '00:15:65:C0:00:03';
const AWAY_FROM_E911 = '00:15:65:C0:00:04';
const REPLACEMENT = '00:15:65:C0:00:11';
const ACCOUNT = 'ACME-1001';
let s: SurfaceApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  s = await startSurfaceApp();
  await registerDevice(s.db, COVERED, '4101');
  await registerDevice(s.db, BAD_ADDRESS, '4103');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await s?.stop();
});

/** A logged-in console visitor in Chicago (CSP bypassed so axe can be injected; the CSP itself is checked apart). */
async function consoleUser(key: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, timezoneId: 'America/Chicago', locale: 'en-US', bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${s.baseUrl}/console`);
  expect(page.url()).toBe(`${s.baseUrl}/console/login`);
  await page.fill('#key', key);
  await Promise.all([page.waitForURL(`${s.baseUrl}/console`), page.click('button[type=submit]')]);
  return page;
}

/** Screenshots of the page as it is at each width; no sideways scrolling at 390 px; no serious axe violation. */
async function capture(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 1000 });
    if (width === 390) await expectNoHorizontalOverflow(page, width);
    await page.screenshot({ path: path.join(ARTIFACTS, `console-${name}-${width}.png`), fullPage: true });
  }
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1440, height: 1000 });
}

const api = (claimId: string) => s.call('support', 'GET', `/claims/${claimId}`);
/** Reloads the claim page until its status badge shows `status`. */
async function reloadUntil(page: Page, status: string): Promise<void> {
  await until(async () => {
    await page.reload();
    return page.locator('#claim-title [data-status]').getAttribute('data-status');
  }, (shown) => shown === status, 60_000);
  await expect(page.locator('#claim-title [data-status]').getAttribute('data-status')).resolves.toBe(status);
}

let coveredClaimId = '';

it('an agent finds a device by account and extension, reads its coverage, opens a claim and watches it reach awaiting-shipment; a second open shows that claim', async () => {
  const page = await consoleUser('rf-dev-support-key');
  await expect(page.locator('nav a[aria-current=page]').textContent()).resolves.toBe('Find a device');
  await expect(page.locator('nav a').allTextContents()).resolves.toEqual(['Find a device', 'Support queue']);
  await capture(page, 'home');

  await page.fill('#find-accountId', ACCOUNT);
  await page.fill('#find-extension', '4101');
  await Promise.all([page.waitForURL(/\/console\/devices\?/), page.click('button:has-text("Find by extension")')]);
  await expect(page.locator('#found-title').textContent()).resolves.toBe(`1 device for account ${ACCOUNT}, extension 4101`);
  await capture(page, 'lookup-results');
  await Promise.all([page.waitForURL(`${s.baseUrl}/console/devices/${encodeURIComponent(COVERED)}`), page.click(`li[data-device="${COVERED}"] a`)]);

  await expect(page.locator('#device-title').textContent()).resolves.toBe(`Yealink T54W · ${COVERED}`);
  const defect = page.locator('[data-fault=defect]');
  await expect(defect.locator('[data-outcome]').getAttribute('data-outcome')).resolves.toBe('approved');
  await expect(defect.locator('p').textContent()).resolves.toMatch(/^The defect was reported on \d{4}-\d\d-\d\d, within the one-year manufacturer's warranty/);
  await expect(page.locator('[data-fault=physical-damage] [data-outcome]').getAttribute('data-outcome')).resolves.toBe('denied');
  await expect(page.locator('.facts').textContent()).resolves.toContain('Installation');
  await capture(page, 'device');

  await Promise.all([page.waitForURL(/\/console\/claims\/new\?mac=/), page.click('a:has-text("Open a claim for this device")')]);
  await expect(page.locator('#f-mac').inputValue()).resolves.toBe(COVERED);
  await expect(page.locator('#f-extension').inputValue()).resolves.toBe('4101');
  await expect(page.locator('#f-accountId').inputValue()).resolves.toBe(ACCOUNT);
  const request = claimRequest(COVERED, '4101');
  await page.fill('#f-contact-name', request.contact.name);
  await page.fill('#f-contact-phone', request.contact.phone);
  await page.fill('#f-contact-email', 'dana.whitfield@');
  await page.fill('#f-contact-timeZone', 'America/Chicago');
  for (const field of ['name', 'company', 'street1', 'city', 'state', 'postalCode'] as const) await page.fill(`#f-shipTo-${field}`, request.shipTo[field]);
  await page.selectOption('#f-fault', 'defect');
  await page.fill('#f-description', request.description);
  await page.check('#f-troubleshooting-remoteSession');
  await page.fill('#f-troubleshooting-photoRefs', 'photo-back-sticker.jpg\nphoto-cabling.jpg');
  // The browser refuses the bad email with the API's message, and nothing is sent.
  await page.click('button:has-text("Open the claim")');
  await expect(page.locator('#f-contact-email-error').textContent()).resolves.toBe('must be an email address');
  await expect(page.locator('#f-contact-email').getAttribute('aria-invalid')).resolves.toBe('true');
  expect(page.url()).toMatch(/\/console\/claims\/new\?mac=/);
  await capture(page, 'claim-form-refused');
  expect((await s.call('support', 'GET', `/claims?mac=${COVERED}`)).json.claims).toEqual([]);

  await page.fill('#f-contact-email', request.contact.email);
  await Promise.all([page.waitForURL(/\/console\/claims\/RC-[^/?]+\?ok=/, { timeout: 60_000 }), page.click('button:has-text("Open the claim")')]);
  coveredClaimId = decodeURIComponent(/\/console\/claims\/([^/?]+)/.exec(page.url())![1]!);
  await expect(page.locator('.flash.ok').textContent()).resolves.toBe(`Claim ${coveredClaimId} opened`);
  await reloadUntil(page, 'awaiting-shipment');
  await expect(page.locator('[data-decision]').getAttribute('data-decision')).resolves.toBe('manufacturer-warranty');
  await expect(page.locator('[data-leg=outbound]').textContent()).resolves.toMatch(/tracking \S+ · label PDF/);
  await expect(page.locator('[data-task$="--pick-pack-ship"]').count()).resolves.toBe(1);
  // Times are the browser's: Chicago, not UTC.
  await expect(page.locator('.timeline time').first().textContent()).resolves.toMatch(/C[SD]T$/);
  await expect(page.locator('[data-zone]').textContent()).resolves.toBe('America/Chicago');
  const stored = (await api(coveredClaimId)).json;
  expect(stored.request.troubleshooting).toEqual({ remoteSession: true, cablingChecked: false, photoRefs: ['photo-back-sticker.jpg', 'photo-cabling.jpg'] });
  expect(stored.request.contact.timeZone).toBe('America/Chicago');
  await capture(page, 'claim-awaiting-shipment');

  // The same device again: the form says plainly that the device has an open claim, with its link; nothing new.
  await page.goto(`${s.baseUrl}/console/claims/new?mac=${encodeURIComponent('0015.65c0.0001')}`);
  await expect(page.locator('#f-contact-email').inputValue()).resolves.toBe(request.contact.email); // filled in from the claim
  await page.selectOption('#f-fault', 'defect');
  await page.fill('#f-description', 'Still no audio after the reboot.');
  const [answer] = await Promise.all([page.waitForResponse((r) => r.url() === `${s.baseUrl}/console/claims` && r.request().method() === 'POST'), page.click('button:has-text("Open the claim")')]);
  expect(answer.status()).toBe(200);
  const notice = page.locator('[data-existing-claim]');
  await expect(notice.textContent()).resolves.toContain('This device already has an open claim');
  await expect(notice.locator('a').getAttribute('href')).resolves.toBe(`/console/claims/${coveredClaimId}`);
  await capture(page, 'claim-form-existing');
  expect((await s.call('support', 'GET', `/claims?mac=${COVERED}`)).json.claims.map((c: any) => c.claimId)).toEqual([coveredClaimId]);
}, 300_000);

it('a supervisor approves an unknown device from the review queue with a written reason, and the claim goes on', async () => {
  const opened = await s.call('support', 'POST', '/claims', claimRequest(UNKNOWN, '4102', 'lee.park@acme.example'));
  expect(opened.status).toBe(201);
  const claimId: string = opened.json.claimId;
  await until(() => api(claimId), (r) => r.json.status === 'under-review');

  const page = await consoleUser('rf-dev-supervisor-key');
  await expect(page.locator('nav a').allTextContents()).resolves.toEqual(['Find a device', 'Review queue', 'Reports']);
  await page.click('nav a:has-text("Review queue")');
  const card = page.locator(`[data-task="${claimId}--review-device"]`);
  await expect(card.textContent()).resolves.toContain(`Unknown device ${UNKNOWN}`);
  await capture(page, 'review-queue');
  await Promise.all([page.waitForURL(`${s.baseUrl}/console/claims/${claimId}`), card.locator('a:has-text("Open the claim")').click()]);
  await expect(page.locator('[data-decision]').getAttribute('data-decision')).resolves.toBe('unknown-device-review');

  await page.click('button:has-text("Approve")'); // no reason yet: refused in the browser
  await expect(page.locator('#f-reason-error').textContent()).resolves.toBe('is required');
  await page.fill('#f-reason', 'Proof of purchase seen: web-store invoice 4471');
  await page.selectOption('#f-model', 'yealink-t54w');
  await page.fill('#f-by', 'Sam Rivera');
  await capture(page, 'claim-under-review');
  await Promise.all([page.waitForURL(/\?ok=/, { timeout: 60_000 }), page.click('button:has-text("Approve")')]);
  await expect(page.locator('.flash.ok').textContent()).resolves.toBe(`Claim ${claimId} approved`);
  await reloadUntil(page, 'awaiting-shipment');
  await expect(page.locator('[data-decision]').textContent()).resolves.toContain('A supervisor approved the claim after review: Proof of purchase seen: web-store invoice 4471');
  await expect(page.locator('[data-decision]').textContent()).resolves.toContain('by Sam Rivera via supervisor');
  await page.goto(`${s.baseUrl}/console/queues/supervisor`);
  expect(await page.locator(`[data-task="${claimId}--review-device"]`).count()).toBe(0);
}, 300_000);

it('support corrects a bad address from its queue and the labels are bought', async () => {
  const bad = claimRequest(BAD_ADDRESS, '4103', 'kim.ode@acme.example');
  bad.shipTo.street1 = '12 Undeliverable Way';
  const opened = await s.call('support', 'POST', '/claims', bad);
  const claimId: string = opened.json.claimId;
  expect(opened.json.trackingUrl).toMatch(new RegExp(`/track/${claimId}\\.[A-Za-z0-9_-]{24}$`)); // in the 201 reply too
  await until(() => api(claimId), (r) => r.json.status === 'address-problem');

  const page = await consoleUser('rf-dev-support-key');
  await page.click('nav a:has-text("Support queue")');
  const card = page.locator(`[data-task="${claimId}--fix-address"]`);
  await expect(card.textContent()).resolves.toContain('Fix the ship-to address');
  await page.fill('#q', '4103');
  await Promise.all([page.waitForURL(/q=4103/), page.click('button:has-text("Filter")')]);
  await expect(page.locator('[data-task]').count()).resolves.toBe(1);
  await capture(page, 'support-queue');
  await Promise.all([page.waitForURL(`${s.baseUrl}/console/claims/${claimId}`), card.locator('a:has-text("Open the claim")').click()]);
  await expect(page.locator('#f-shipTo-street1').inputValue()).resolves.toBe('12 Undeliverable Way');
  await page.fill('#f-shipTo-street1', '1401 Elm St');
  await capture(page, 'claim-address-problem');
  await Promise.all([page.waitForURL(/\?ok=/, { timeout: 60_000 }), page.click('button:has-text("Save the address")')]);
  await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Address corrected: the labels are being bought again');
  await reloadUntil(page, 'awaiting-shipment');
  await expect(page.locator('[data-leg=outbound]').textContent()).resolves.toMatch(/label PDF/);
  await expect(page.locator('[data-leg=return]').textContent()).resolves.toMatch(/label PDF/);
  const claim = (await api(claimId)).json;
  expect(claim.legs.outbound.trackingNumber).toBeTruthy();
  expect(claim.timeline.some((e: any) => e.key === 'address-corrected-1')).toBe(true);

  // Support cancels it while that is still possible (a finished claim for the reports).
  await page.fill('#f-reason', 'The customer found a spare phone');
  await Promise.all([page.waitForURL(/\?ok=Claim/, { timeout: 60_000 }), page.click('button:has-text("Cancel the claim")')]);
  await expect(page.locator('.flash.ok').textContent()).resolves.toBe(`Claim ${claimId} is cancelled`);
  await reloadUntil(page, 'cancelled');
  await expect(page.locator('[data-cancel-refused] .refusal').textContent()).resolves.toBe('Cannot cancel: the claim is already cancelled.');
}, 300_000);

it('a cancel after hand-over shows the refusal and changes nothing; the replacement joins the chain and a claim on it is a repeat', async () => {
  expect(coveredClaimId).not.toBe('');
  expect((await s.call('shipping', 'POST', `/claims/${coveredClaimId}/shipment`, { replacementMac: REPLACEMENT })).json.status).toBe('shipped');
  const page = await consoleUser('rf-dev-support-key');
  await page.goto(`${s.baseUrl}/console/claims/${encodeURIComponent(COVERED)}`); // a MAC opens its newest claim
  const refused = page.locator('[data-cancel-refused]');
  await expect(refused.locator('button').isDisabled()).resolves.toBe(true);
  await expect(refused.locator('.refusal').textContent()).resolves.toMatch(/^Cannot cancel: the replacement was handed to the carrier on \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M C[SD]T\.$/);
  await capture(page, 'claim-shipped');

  // A form sent anyway (a stale page) is refused by the workflow with the same reason; the claim is unchanged.
  const before = (await api(coveredClaimId)).json;
  const csrf = await page.locator('input[name=_csrf]').first().getAttribute('value');
  const forced = await page.request.post(`${s.baseUrl}/console/claims/${coveredClaimId}/cancel`, { form: { reason: 'customer asked', _csrf: csrf! }, headers: { origin: s.baseUrl }, maxRedirects: 0 });
  expect(forced.status()).toBe(409);
  expect(await forced.text()).toContain('cannot cancel: the replacement was handed to the carrier on');
  const after = (await api(coveredClaimId)).json;
  expect([after.status, after.timeline.length, after.updatedAt]).toEqual([before.status, before.timeline.length, before.updatedAt]);

  // The old phone shows its replacement; the extension lists both; a claim on the young replacement is a repeat.
  await page.goto(`${s.baseUrl}/console/devices/${encodeURIComponent(COVERED)}`);
  await expect(page.locator(`[data-replaced-by="${REPLACEMENT}"]`).textContent()).resolves.toContain(`This phone was replaced by Yealink T54W ${REPLACEMENT}`);
  await page.goto(`${s.baseUrl}/console/devices?accountId=${ACCOUNT}&extension=4101`);
  await expect(page.locator('[data-device]').evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { device: string } }).dataset.device))).resolves.toEqual([REPLACEMENT, COVERED]);
  await page.goto(`${s.baseUrl}/console/devices/${encodeURIComponent(REPLACEMENT)}`);
  await expect(page.locator(`[data-replaced="${COVERED}"]`).textContent()).resolves.toContain(`This phone replaced Yealink T54W ${COVERED} (claim ${coveredClaimId}`);
  await expect(page.locator('[data-repeat-if-opened]').textContent()).resolves.toMatch(/a claim 0 days after this replacement shipped \(under 30 days\)/);
  await capture(page, 'device-replacement');
  const repeat = await s.call('support', 'POST', '/claims', claimRequest(REPLACEMENT, '4101'));
  expect(repeat.status).toBe(201);
  await until(() => api(repeat.json.claimId), (r) => r.json.status === 'awaiting-shipment');
  await page.goto(`${s.baseUrl}/console/claims/${repeat.json.claimId}`);
  await expect(page.locator('[data-flag=repeat]').textContent()).resolves.toBe('Repeat claim');
}, 300_000);

it('the reports page draws its charts from the claims of this test, and the CSV carries the same numbers', async () => {
  const report = (await s.call('supervisor', 'GET', '/reports')).json;
  const page = await consoleUser('rf-dev-supervisor-key');
  await page.click('nav a:has-text("Reports")');
  await expect(page.locator('[data-tile=total]').textContent()).resolves.toBe(String(report.total));
  expect(report.total).toBe(4);
  await expect(page.locator('[data-tile=finished]').textContent()).resolves.toBe('1');
  const daily = page.locator('[data-chart=daily] svg.plot');
  await expect(daily.getAttribute('data-total')).resolves.toBe('1');
  await expect(daily.locator('rect').count()).resolves.toBe(1);
  await expect(daily.locator('rect title').textContent()).resolves.toBe(`${report.daily.at(-1).day}: 1 cancelled`);
  const rows = (chart: string) => page.locator(`[data-chart=${chart}] .bar-row:not(.axis)`).evaluateAll((found) => found.map((row) => {
    const text = (selector: string) => (row as unknown as { querySelector(s: string): { textContent: string } }).querySelector(selector).textContent;
    return `${text('.bar-label')}: ${text('.bar-total')}`;
  }));
  await expect(rows('in-progress')).resolves.toEqual(['awaiting shipment: 2', 'shipped: 1']);
  // Queues in task-kind order; the shipped claim's extension has no provisioning record: one provisioning-problem task.
  await expect(page.locator('[data-chart=by-model] .bar-label').allTextContents()).resolves.toEqual(['Yealink T54W']);
  await expect(page.locator('[data-chart=queues] svg[data-total]').evaluateAll((bars) => bars.map((bar) => Number((bar as unknown as { dataset: { total: string } }).dataset.total)))).resolves.toEqual([2, 0, 0, 0, 0, 1, 0]);
  await capture(page, 'reports');
  const csv = await (await page.request.get(`${s.baseUrl}/console/reports.csv?days=30`)).text();
  expect(csv.split('\r\n')[0]).toBe('section,key,label,series,value');
  expect(csv).toContain(`daily,${report.daily.at(-1).day},${report.daily.at(-1).day},cancelled,1\r\n`);
  expect(csv).toContain(`all-time,claims,"claims, all time",count,${report.total}\r\n`);
  expect(csv).toContain('by-model,yealink-t54w,Yealink T54W,cancelled,1\r\n');
}, 300_000);

it('keeps the console to its roles: the shipping key is sent to the board, support cannot open the review queue or the reports, the script runs under the CSP', async () => {
  const strict = await browser.newContext({ timezoneId: 'America/Chicago' });
  contexts.push(strict);
  const page = await strict.newPage();
  await page.goto(`${s.baseUrl}/console/login`);
  await page.fill('#key', 'rf-dev-shipping-key');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  await expect(page.locator('.flash.error').textContent()).resolves.toBe('That is a shipping key: the shipping department works from the board.');
  await page.fill('#key', 'rf-dev-support-key');
  await Promise.all([page.waitForURL(`${s.baseUrl}/console`), page.click('button[type=submit]')]);
  const response = await page.goto(`${s.baseUrl}/console/claims/${coveredClaimId}`);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'sha256-/);
  await expect(page.locator('.timeline time').first().textContent()).resolves.toMatch(/C[SD]T$/); // the hashed script ran
  for (const path of ['/console/queues/supervisor', '/console/reports', '/board']) {
    const refused = await page.goto(`${s.baseUrl}${path}`);
    expect([path, refused?.status()]).toEqual([path, 403]);
  }
  await expect(page.locator('[role=alert]').textContent()).resolves.toMatch(/role support may not/);
  expect(await page.locator('[data-task]').count()).toBe(0); // the board's tasks are not shown to support
});

it('support confirms the E911 location from the claim page when the ship-to is not the extension\'s emergency address', async () => {
  await registerDevice(s.db, AWAY_FROM_E911, '4104');
  await importRows(s.db, 'extensions', [{
    accountId: ACCOUNT, extension: '4104', sipUser: 'acme4104', sipServer: 'sip.example.net', displayName: 'Front desk', lineKeys: '',
    e911Street1: '500 Commerce St', e911City: 'Dallas', e911State: 'TX', e911PostalCode: '75202', e911Country: 'US',
  }]);
  const opened = await s.call('support', 'POST', '/claims', claimRequest(AWAY_FROM_E911, '4104'));
  expect(opened.status).toBe(201);
  const claimId = opened.json.claimId as string;
  const taskKinds = async () => ((await api(claimId)).json.tasks as Array<{ kind: string; status: string }>)
    .filter((task) => task.status === 'open' || task.status === 'taken').map((task) => task.kind).sort();
  await until(taskKinds, (kinds) => kinds.includes('confirm-emergency-address'), 60_000);
  const page = await consoleUser('rf-dev-support-key');
  await page.goto(`${s.baseUrl}/console/claims/${claimId}`);
  await expect(page.locator('#e911-title').textContent()).resolves.toBe('Confirm the E911 location');
  await page.click('button:has-text("Confirm the location")'); // no note yet: refused in the browser
  await expect(page.locator('#f-note-error').textContent()).resolves.toBe('is required');
  await page.fill('#f-note', 'Phone stays at the front desk, 500 Commerce St; E911 unchanged');
  await expect(page.locator('#f-note-error').textContent()).resolves.toBe(''); // cleared as the agent types
  await capture(page, 'claim-e911');
  await Promise.all([page.waitForURL(/\?ok=/, { timeout: 60_000 }), page.click('button:has-text("Confirm the location")')]);
  await expect(page.locator('.flash.ok').textContent()).resolves.toBe('E911 location confirmed');
  await until(taskKinds, (kinds) => !kinds.includes('confirm-emergency-address'), 60_000);
  await expect(page.locator('#e911-title').count()).resolves.toBe(0);
}, 180_000);
