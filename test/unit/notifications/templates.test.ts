import { EMAIL_KINDS, EmailDataError, renderEmail } from '../../../notifications/templates';
import type { TemplateContext } from '../../../notifications/templates';
import { minimalWorkflowData, RETURN_STEP_PHRASES, sampleData, workflowCommonData } from './fixtures';

const ctx: TemplateContext = { claimId: 'CLM-1001', sequence: 1, reader: { locale: 'en-US', timeZone: 'UTC' } };

describe('email templates', () => {
  it.each(EMAIL_KINDS)('renders %s with a subject, a text part and an HTML part', (kind) => {
    const email = renderEmail(kind, sampleData[kind], ctx);
    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.text).toContain('Hello Ann Example,');
    expect(email.html).toContain('<p>Hello Ann Example,</p>');
    expect(email.text).not.toMatch(/undefined|null|\[object/);
  });

  it.each(EMAIL_KINDS)('renders %s from the least data the claim workflow sends (optional fields absent or null)', (kind) => {
    const email = renderEmail(kind, { ...workflowCommonData, ...minimalWorkflowData[kind] }, ctx);
    expect(email.text).toContain('Hello Ann Example,');
    expect(email.text).not.toMatch(/undefined|null|\[object|\(\)/);
  });

  it('shipped without a tracking link still gives the number and where to use it; steps name the label carrier', () => {
    const email = renderEmail('replacement-shipped', minimalWorkflowData['replacement-shipped'], ctx);
    expect(email.text).toContain('Tracking number: 1Z999');
    expect(email.text).toContain('Track your package on the UPS website with the tracking number above.');
    expect(email.text).toContain('Hand the box to the carrier named on the label (UPS).');
    expect(email.text).toContain('by Tuesday, December 29, 2026 (30 days after delivery)');
  });

  it('shipped: carrier, tracking number, tracking link, every return step and the deadline in both parts', () => {
    const email = renderEmail('replacement-shipped', sampleData['replacement-shipped'], ctx);
    for (const part of [email.text, email.html]) {
      expect(part).toContain('USPS');
      expect(part).toContain('9400111899223856928499');
      for (const step of RETURN_STEP_PHRASES) expect(part).toContain(step);
      expect(part).toContain('Tuesday, December 29, 2026');
    }
    expect(email.text).toContain('https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223856928499');
    expect(email.html).toContain('<a href="https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223856928499">');
  });

  it('denied: states the reason sentence', () => {
    const email = renderEmail('claim-denied', sampleData['claim-denied'], ctx);
    expect(email.text).toContain('Reason: The phone was bought from a third party, and only devices SpectrumVoIP supplied are covered.');
  });

  it('escapes customer data in the HTML part and keeps it verbatim in the text part', () => {
    const hostile = `<script>alert("x")</script> O'Brien & Co`;
    const email = renderEmail('claim-received', { ...sampleData['claim-received'], customerName: hostile }, ctx);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Co');
    expect(email.text).toContain(`Hello ${hostile},`);
  });

  it('formats dates in the reader locale and time zone; a calendar date stays that day everywhere', () => {
    const german = { ...ctx, reader: { locale: 'de-DE', timeZone: 'Europe/Berlin' } };
    expect(renderEmail('return-reminder', sampleData['return-reminder'], german).text).toContain('Dienstag, 29. Dezember 2026');
    const chicago = { ...ctx, reader: { locale: 'en-US', timeZone: 'America/Chicago' } };
    const lateEvening = { ...sampleData['replacement-delivered'], deliveredAt: '2026-12-01T03:30:00.000Z' };
    const delivered = renderEmail('replacement-delivered', lateEvening, chicago).text;
    expect(delivered).toContain('on Monday, November 30, 2026'); // 21:30 in Chicago, still the 30th
    expect(delivered).toContain('by Tuesday, December 29, 2026');
    expect(renderEmail('replacement-delivered', lateEvening, ctx).text).toContain('on Tuesday, December 1, 2026');
  });

  it('numbers the reminders from the sequence', () => {
    expect(renderEmail('return-reminder', sampleData['return-reminder'], { ...ctx, sequence: 2 }).text).toContain('our second reminder');
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
});
