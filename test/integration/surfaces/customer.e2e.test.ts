/**
 * What the customer sees, in real headless Chromium (Debian's, through playwright-core) on the real stack: the
 * tracking page at 360, 390 and 1024 px (no element wider than the viewport, axe-core without serious or critical
 * violations), the return-label reprint (a PDF downloaded; logged on the timeline; limited per day; refused with a
 * wrong token and after the claim closed), and every kind of email rendered for a screenshot. A logo is served by a
 * local server, as a configured BRAND_LOGO_URL would be. Screenshots go to test-artifacts/.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { simpleParser } from 'mailparser';
import { DEFAULT_BRANDING } from '../../../notifications/branding';
import { EMAIL_KINDS, renderEmail } from '../../../notifications/templates';
import { sampleData, sampleFacts } from '../../unit/notifications/fixtures';
import { expectNoHorizontalOverflow, seriousViolations } from './browser-checks';
import { openAndShipClaim, registerDevice, startSurfaceApp, until, type SurfaceApp } from './harness';

const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');
const MAC = '00:15:65:AB:CD:31';
const WIDTHS = [360, 390, 1024];
let s: SurfaceApp;
let browser: Browser;
let logoServer: http.Server;
let logoUrl: string;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const logo = await wordmarkPng(browser);
  logoServer = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'image/png' }).end(logo));
  await new Promise<void>((resolve) => logoServer.listen(0, '127.0.0.1', resolve));
  logoUrl = `http://127.0.0.1:${(logoServer.address() as AddressInfo).port}/logo.png`;
  s = await startSurfaceApp({ BRAND_LOGO_URL: logoUrl, BRAND_NAME: 'SpectrumVoIP', LABEL_REPRINTS_PER_DAY: '2' });
  await registerDevice(s.db, MAC, '3131');
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await new Promise((resolve) => logoServer?.close(resolve));
});

/** A PNG wordmark made by Chromium itself (the logo a provider would host). */
async function wordmarkPng(b: Browser): Promise<Buffer> {
  const page = await b.newPage({ viewport: { width: 400, height: 100 } });
  await page.setContent('<div id="logo" style="width:250px;height:56px;line-height:56px;padding:0 10px;font:700 30px Arial;white-space:nowrap;color:#fff;background:#17324d">Spectrum<span style="color:#7fd1ff">VoIP</span></div>');
  const png = await page.locator('#logo').screenshot();
  await page.close();
  return png;
}

it('tracks a delivered claim on a phone and a desktop, reprints the return label, and refuses after close or with a wrong token', async () => {
  const { claimId, outboundTrackingNumber } = await openAndShipClaim(s, MAC, '3131', { replacementMac: '0015.65ab.ee31', serial: 'SN-31' });
  await s.product.sandbox.playTracking(outboundTrackingNumber, ['TRANSIT', 'DELIVERED']);
  const delivered = await until(() => s.call('support', 'GET', `/claims/${claimId}`), (r) => r.json.status === 'delivered');
  expect(delivered.json.status).toBe('delivered');
  const trackingUrl: string = delivered.json.trackingUrl;
  const token = new URL(trackingUrl).pathname.split('/').pop()!;

  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: width === 390 });
    const page = await context.newPage();
    const response = await page.goto(trackingUrl);
    expect(response?.headers()['content-security-policy']).toContain(`img-src 'self' ${new URL(logoUrl).origin};`);
    await expect(page.locator('h2').first().textContent()).resolves.toBe('Your replacement was delivered. Please return the defective device.');
    await expect(page.locator('header img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBeGreaterThan(0);
    await expect(page.locator('.steps li[aria-current=step]').textContent()).resolves.toBe('Delivered (current step)');
    await expect(page.locator('.steps li.done').count()).resolves.toBe(3);
    const body = (await page.locator('main').textContent())!;
    expect(body).toMatch(/Please send the defective device back by \w+day, \w+ \d{1,2}, 20\d\d at \d{1,2}:\d\d [AP]M C[SD]T\./);
    expect(body).toContain('Stick the included prepaid return label on the box.');
    expect(body).toContain('Yealink T54W');
    expect(body).toMatch(/USPS Priority Mail|USPS Ground Advantage|UPS Ground/);
    expect(body).not.toMatch(/yealink-t54w|usps_|ups_|UTC|00:15:65|Dana|Elm St|dana\.whitfield/);
    const button = page.locator('button', { hasText: 'Print my return label again' });
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await expectNoHorizontalOverflow(page, width);
    await page.screenshot({ path: path.join(ARTIFACTS, `customer-track-${width}.png`), fullPage: true });
    if (width === 390) expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }

  // The reprint downloads the claim's return label, a PDF, and the claim's timeline logs it.
  const phone = await browser.newPage({ viewport: { width: 390, height: 900 } });
  await phone.goto(trackingUrl);
  const [download] = await Promise.all([phone.waitForEvent('download'), phone.click('button:has-text("Print my return label again")')]);
  expect(download.suggestedFilename()).toBe(`return-label-${claimId}.pdf`);
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  expect(pdf.toString('latin1')).toContain(`(${delivered.json.legs.return.trackingNumber.replace(/(.{4})/g, '$1 ').trim()}) Tj`);
  expect(pdf.toString('latin1')).toContain('PREPAID RETURN');
  const logged = await until(() => s.call('support', 'GET', `/claims/${claimId}`),
    (r) => r.json.timeline.some((e: { message: string }) => e.message.startsWith('The customer printed the return label again')));
  expect(logged.json.timeline.filter((e: { actor?: string }) => e.actor === 'customer').map((e: { message: string }) => e.message))
    .toEqual(['The customer printed the return label again from the tracking page (1 of 2 allowed that day)']);

  // The day's limit (2 here), then 429 with Retry-After; a wrong token is 404 (and a page for a browser).
  expect((await s.call(null, 'POST', `/track/${token}/return-label`)).headers.get('content-type')).toBe('application/pdf');
  const limited = await s.call(null, 'POST', `/track/${token}/return-label`);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(limited.json.error).toContain('printed 2 times today');
  const wrong = await s.call(null, 'POST', `/track/${'x'.repeat(24)}/return-label`);
  expect(wrong.status).toBe(404);
  expect(wrong.json).toEqual({ error: 'tracking page not found' });
  expect((await s.call(null, 'POST', '/track/short/return-label')).status).toBe(404);
  const wrongInBrowser = await s.call(null, 'POST', `/track/${'x'.repeat(24)}/return-label`, undefined, { accept: 'text/html' });
  expect(wrongInBrowser.status).toBe(404);
  expect(wrongInBrowser.text).toContain('The return label could not be printed');

  // After the return is received the claim closes: no button, and a stale form is refused with a page saying why.
  const receipt = await s.call('shipping', 'POST', `/claims/${claimId}/return-receipt`, { receivedMac: MAC, condition: 'defect confirmed' });
  expect(receipt.json.status).toBe('closed');
  await phone.goto(trackingUrl);
  expect(await phone.locator('button', { hasText: 'Print my return label again' }).count()).toBe(0);
  await expect(phone.locator('.steps li.done').count()).resolves.toBe(6);
  await phone.screenshot({ path: path.join(ARTIFACTS, 'customer-track-closed-390.png'), fullPage: true });
  const refused = await phone.request.post(`${s.baseUrl}/track/${token}/return-label`, { headers: { accept: 'text/html' }, maxRedirects: 0 });
  expect(refused.status()).toBe(409);
  const refusal = await refused.text();
  expect(refusal).toContain('The claim is closed: its return label can no longer be printed.');
  await phone.setContent(refusal);
  await phone.screenshot({ path: path.join(ARTIFACTS, 'customer-reprint-refused-390.png'), fullPage: true });
  const closedJson = await s.call(null, 'POST', `/track/${token}/return-label`);
  expect(closedJson.status).toBe(409);
  expect(closedJson.json.error).toBe('the claim is closed: its return label can no longer be printed');

  // The emails the claim sent link to this page.
  const mails = await Promise.all((await s.product.sink.messages()).filter((m) => m.headers['x-claim-id'] === claimId).map((m) => simpleParser(fs.readFileSync(m.file))));
  expect(mails.map((m) => m.headers.get('x-email-kind')).sort()).toEqual(['claim-closed-returned', 'claim-received', 'replacement-delivered', 'replacement-shipped']);
  for (const mail of mails) {
    expect(mail.text).toContain(`Follow your claim online:\n${trackingUrl}\n`);
    expect(mail.html).toContain(`href="${trackingUrl}"`);
    expect(mail.html).toContain(`src="${logoUrl}"`);
  }
  await phone.close();
}, 240_000); // about 10 s alone; a full parallel run on a loaded machine took over 120 s once

it.each(EMAIL_KINDS)('renders the %s email in Chromium at 360 and 600 px without sideways scrolling (screenshot)', async (kind) => {
  const ctx = { claimId: 'RC-20261201-7KQ2M9', sequence: 1, reader: { locale: 'en-US', timeZone: 'America/Chicago' }, facts: sampleFacts, brand: { ...DEFAULT_BRANDING, logoUrl } };
  const email = renderEmail(kind, sampleData[kind], ctx);
  for (const width of [360, 600]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.setContent(email.html, { waitUntil: 'load' });
    await expect(page.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).resolves.toBeGreaterThan(0);
    expect(await page.locator(`a[href="${sampleFacts.trackingPageUrl}"]`).count()).toBe(1);
    await expectNoHorizontalOverflow(page, width);
    if (width === 360) await page.screenshot({ path: path.join(ARTIFACTS, `email-${kind}-360.png`), fullPage: true });
    else await page.screenshot({ path: path.join(ARTIFACTS, `email-${kind}.png`), fullPage: true });
    await page.close();
  }
});
