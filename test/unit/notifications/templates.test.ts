/** Every email kind rendered from its template: link to the tracking page, local times with the zone named, escaping. */
import fs from 'node:fs';
import { EMAIL_KINDS, EmailDataError, renderEmail } from '../../../notifications/templates';
import { TRACKING_PAGE_LABEL } from '../../../notifications/templates/content';
import { compileEmailLayoutModule, EMAIL_LAYOUT_MODULE } from '../../../scripts/lib/email-layout';
import { minimalWorkflowData, RETURN_STEP_PHRASES, sampleData, sampleFacts, templateContext, workflowCommonData } from './fixtures';

const ctx = templateContext();
const utc = templateContext({ locale: 'en-US', timeZone: 'UTC' });

/** The instants each kind's sample data carries, and how they read in Chicago (zone named). */
const LOCAL_TIMES: Partial<Record<(typeof EMAIL_KINDS)[number], string[]>> = {
  'replacement-delivered': ['Sunday, November 29, 2026 at 12:00 PM CST', 'Tuesday, December 29, 2026 at 12:00 PM CST'],
  'return-reminder': ['Tuesday, December 29, 2026 at 12:00 PM CST'],
  'return-overdue': ['Tuesday, December 29, 2026 at 12:00 PM CST', 'Tuesday, January 12, 2027 at 12:00 PM CST'],
  'claim-closed-returned': ['Thursday, December 10, 2026 at 9:15 AM CST'],
  'claim-closed-unreturned': ['Tuesday, December 29, 2026 at 12:00 PM CST'],
};

describe('email templates', () => {
  it.each(EMAIL_KINDS)('%s: subject, preheader, headline, greeting, what happens next and the tracking-page link in both parts', (kind) => {
    const email = renderEmail(kind, sampleData[kind], ctx);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.text).toContain('Hello Ann Example,');
    expect(email.html).toContain('Hello Ann Example,');
    expect(email.text).toMatch(/\n\nWhat happens next: [^\n]+\.\n\n/);
    expect(email.html).toMatch(/<strong>What happens next:<\/strong> [^<]+\.<\/div>/);
    expect(email.text).toContain(`${TRACKING_PAGE_LABEL}:\n${sampleFacts.trackingPageUrl}\n`);
    expect(email.html).toContain(`href="${sampleFacts.trackingPageUrl}"`);
    expect(email.html).toMatch(/<div style="display:none;[^"]*">[^<&]{20,}&#847;/); // the preheader, then the filler
    expect(email.html).toContain('<html lang="en-US"');
    expect(email.text).toContain('Questions? Call (469) 429-2500 or reply to this email (support@spectrumvoip.example).');
    expect(email.text).not.toMatch(/undefined|null|\[object|\{\{|yealink-|ups_|usps_/);
    expect(email.html).not.toMatch(/\{\{|#0a0b0c|\.example\/"|x-lang/);
  });

  it.each(EMAIL_KINDS)('%s renders from the least data the claim workflow sends (optional fields absent or null)', (kind) => {
    const email = renderEmail(kind, { ...workflowCommonData, ...minimalWorkflowData[kind] }, ctx);
    expect(email.text).toContain('Hello Ann Example,');
    expect(email.text).toContain(sampleFacts.trackingPageUrl);
    expect(email.text).not.toMatch(/undefined|null|\[object|\(\)/);
  });

  it.each(Object.entries(LOCAL_TIMES))('%s gives its times in the customer’s zone with the zone named', (kind, times) => {
    const data = { ...sampleData[kind as keyof typeof sampleData], ...instantsOf(kind) };
    const email = renderEmail(kind as (typeof EMAIL_KINDS)[number], data, ctx);
    for (const time of times!) {
      expect(email.text).toContain(time);
      expect(email.html).toContain(time);
    }
    expect(renderEmail(kind as (typeof EMAIL_KINDS)[number], data, utc).text).toContain(times![0]!.replace(/12:00 PM CST|9:15 AM CST/, (t) => (t.startsWith('12') ? '6:00 PM UTC' : '3:15 PM UTC')));
  });

  it('shipped: says "within 30 days of delivery" from the policy value and no date (the window starts at delivery)', () => {
    const email = renderEmail('replacement-shipped', { ...sampleData['replacement-shipped'], returnWindowDays: 45, returnDeadline: '2026-12-29T18:00:00.000Z' }, ctx);
    expect(email.text).toContain('please send the defective device back within 45 days of delivery.');
    expect(email.text).not.toMatch(/December 29|days after delivery/);
    expect(renderEmail('replacement-shipped', sampleData['replacement-shipped'], ctx).text).toContain('within 30 days of delivery');
  });

  it('shipped: the model and the service by their display names, carrier, tracking number and link, every return step', () => {
    const email = renderEmail('replacement-shipped', sampleData['replacement-shipped'], ctx);
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Yealink SIP-T46U is on its way');
      expect(part).toContain('USPS Priority Mail');
      expect(part).toContain('9400111899223856928499');
      for (const step of RETURN_STEP_PHRASES) expect(part).toContain(step);
    }
    expect(email.text).toContain('Shipped with: USPS Priority Mail\n');
    expect(email.text).toContain('https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223856928499');
    expect(email.html).toContain('href="https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223856928499"');
  });

  it('shipped without a tracking link still gives the number and where to use it; steps name the label carrier', () => {
    const email = renderEmail('replacement-shipped', minimalWorkflowData['replacement-shipped'], ctx);
    expect(email.text).toContain('Tracking number: 1Z999');
    expect(email.text).toContain('Track the parcel on the UPS website with the tracking number above.');
    expect(email.text).toContain('Hand the box to the carrier named on the label (UPS).');
  });

  it('delivered: gives the return date, and the date of delivery, in the customer’s zone', () => {
    const lateEvening = { ...sampleData['replacement-delivered'], deliveredAt: '2026-12-01T03:30:00.000Z', returnDeadline: '2026-12-31T03:30:00.000Z' };
    const email = renderEmail('replacement-delivered', lateEvening, ctx).text;
    expect(email).toContain('Delivered: Monday, November 30, 2026 at 9:30 PM CST'); // still the 30th in Chicago
    expect(email).toContain('Please send the defective device back by Wednesday, December 30, 2026 at 9:30 PM CST.');
    expect(email).toContain('Lost or damaged the return label? Print it again from your claim page');
  });

  it('formats dates in the reader locale, and names the zone', () => {
    const german = templateContext({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    const email = renderEmail('return-reminder', { ...sampleData['return-reminder'], returnDeadline: '2026-12-29T18:00:00.000Z' }, german);
    expect(email.text).toContain('Dienstag, 29. Dezember 2026 um 19:00 MEZ');
    expect(email.html).toContain('<html lang="de-DE"');
  });

  it('denied: states the reason sentence and the configured support line', () => {
    const email = renderEmail('claim-denied', sampleData['claim-denied'], { ...ctx, brand: { ...ctx.brand, supportPhone: '+1 800 555 0199' } });
    expect(email.text).toContain('Reason: The phone was bought from a third party, and only devices SpectrumVoIP supplied are covered.');
    expect(email.text).toContain('call us at +1 800 555 0199');
    expect(email.text).toContain('Questions? Call +1 800 555 0199');
  });

  it('branding: the logo when configured, else the company name; the accent colour throughout', () => {
    const brand = { ...ctx.brand, companyName: 'Acme Voice', logoUrl: 'https://cdn.acme.example/logo.png', accentColor: '#5a1e6b' };
    const html = renderEmail('claim-received', sampleData['claim-received'], { ...ctx, brand }).html;
    expect(html).toContain('<img\n         alt="Acme Voice" src="https://cdn.acme.example/logo.png"');
    expect(html).toContain('background-color:#5a1e6b');
    expect(renderEmail('claim-received', sampleData['claim-received'], ctx).html).not.toContain('<img');
  });

  it('escapes customer data in the HTML part, never reads it as a placeholder, and keeps it verbatim in the text part', () => {
    const hostile = `<script>alert("x")</script> O'Brien & Co {{phone}} <!--slot:body-->`;
    const email = renderEmail('claim-received', { ...sampleData['claim-received'], customerName: hostile }, ctx);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Co {{phone}} &lt;!--slot:body--&gt;');
    expect(email.text).toContain(`Hello ${hostile},`);
  });

  it('numbers the reminders from the sequence', () => {
    expect(renderEmail('return-reminder', sampleData['return-reminder'], templateContext(undefined, 2)).text).toContain('our second reminder');
  });

  it('names each missing or malformed field', () => {
    const { trackingNumber: _omit, ...withoutTracking } = sampleData['replacement-shipped'];
    const bad = { ...withoutTracking, trackingUrl: 'javascript:alert(1)', returnDeadline: 'next Tuesday' };
    let caught: unknown;
    try {
      renderEmail('replacement-shipped', bad, ctx);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EmailDataError);
    const problems = (caught as EmailDataError).problems.join('\n');
    expect(problems).toMatch(/^data\.trackingNumber: is required/m);
    expect(problems).toMatch(/^data\.trackingUrl: must be an http\(s\) URL/m);
    expect(problems).toMatch(/^data\.returnDeadline: must be an ISO date/m);
  });

  it('the compiled layout is the one MJML makes of email.mjml (run `npm run build:emails` after editing it)', async () => {
    expect(fs.readFileSync(EMAIL_LAYOUT_MODULE, 'utf8')).toBe(await compileEmailLayoutModule());
  }, 20_000);
});

/** Instants (not calendar days) for the kinds whose sample data holds dates. */
function instantsOf(kind: string): Record<string, string> {
  const noonChicago = '2026-12-29T18:00:00.000Z';
  switch (kind) {
    case 'replacement-delivered': return { deliveredAt: '2026-11-29T18:00:00.000Z', returnDeadline: noonChicago };
    case 'return-reminder': return { returnDeadline: noonChicago };
    case 'return-overdue': return { returnDeadline: noonChicago, closesAt: '2027-01-12T18:00:00.000Z' };
    case 'claim-closed-returned': return { receivedOn: '2026-12-10T15:15:00.000Z' };
    default: return { returnDeadline: noonChicago };
  }
}
