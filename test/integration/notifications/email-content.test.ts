/** What the customer receives, read back from a real SMTP server with mailparser. */
import type { Db } from 'mongodb';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import type { Mailer } from '../../../notifications/mailer';
import type { SmtpSink } from '../../../sandbox/smtp/sink';
import { RETURN_STEP_PHRASES, sampleData } from '../../unit/notifications/fixtures';
import { createEmailActivities } from '../../../activities/emails';
import { findClaim } from '../../../data/claims';
import { DEFAULT_BRANDING } from '../../../notifications/branding';
import { createMailer } from '../../../notifications/mailer';
import { emailActivity, emailInput, ensureClaim, FROM, mailerFor, startTestSink } from './harness';

let database: TestDatabase;
let db: Db;
let sink: SmtpSink;
let mailer: Mailer;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  sink = await startTestSink();
  mailer = mailerFor(sink.port);
});
afterAll(async () => {
  mailer.close();
  await sink.close();
  await database.close();
});

async function lastMessageTo(claimId: string) {
  const found = (await sink.messages()).filter((m) => m.headers['x-claim-id'] === claimId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('customer emails at the SMTP server', () => {
  it('the shipped email holds carrier, tracking number, tracking link, every return step and the deadline', async () => {
    const send = emailActivity(db, mailer);
    const result = await send(emailInput('CLM-SHIP', 'replacement-shipped', { locale: 'en-US', timeZone: 'America/Chicago' }));
    expect(result).toEqual({ status: 'sent', messageId: '<CLM-SHIP.replacement-shipped.1@spectrumvoip.example>' });

    const message = await lastMessageTo('CLM-SHIP');
    const data = sampleData['replacement-shipped'];
    expect(message.to).toBe('ann@example.com');
    expect(message.messageId).toBe(result.messageId);
    expect(message.subject).toContain(String(data.trackingNumber));
    for (const part of [message.text, message.html ?? '']) {
      expect(part).toContain('USPS');
      expect(part).toContain(String(data.trackingNumber));
      for (const step of RETURN_STEP_PHRASES) expect(part).toContain(step);
      expect(part).toContain('within 30 days of delivery');
    }
    expect(message.text).toContain(String(data.trackingUrl));
    expect(message.html).toContain(`href="${String(data.trackingUrl)}"`);
  });

  it('the denial holds the reason', async () => {
    await emailActivity(db, mailer)(emailInput('CLM-DENY', 'claim-denied'));
    const message = await lastMessageTo('CLM-DENY');
    expect(message.subject).toContain('not approved');
    expect(message.text).toContain(`Reason: ${String(sampleData['claim-denied'].explanation)}`);
  });

  it('escapes a hostile customer name in the HTML part', async () => {
    const hostile = '<img src=x onerror="alert(1)"> Mallory & Co';
    const input = emailInput('CLM-XSS', 'claim-received');
    await emailActivity(db, mailer)({ ...input, data: { ...input.data, customerName: hostile } });
    const message = await lastMessageTo('CLM-XSS');
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Mallory &amp; Co');
    expect(message.text).toContain(`Hello ${hostile},`);
  });

  it('dates follow the customer locale', async () => {
    await emailActivity(db, mailer)(emailInput('CLM-DE', 'return-reminder', { locale: 'de-DE', timeZone: 'Europe/Berlin', sequence: 2 }));
    const message = await lastMessageTo('CLM-DE');
    expect(message.text).toContain('Dienstag, 29. Dezember 2026');
    expect(message.text).toContain('second reminder');
  });

  it('carries the support mailbox as Reply-To and links to the claim’s own tracking page, with the configured brand', async () => {
    const replying = createMailer({ host: '127.0.0.1', port: sink.port, from: FROM, replyTo: 'help@acme.example' });
    const branding = { ...DEFAULT_BRANDING, companyName: 'Acme Voice', publicBaseUrl: 'https://track.acme.example/', supportPhone: '+1 800 555 0199', supportEmail: 'help@acme.example' };
    await ensureClaim(db, 'CLM-LINK');
    const claim = await findClaim(db, 'CLM-LINK');
    try {
      await createEmailActivities({ db, mailer: replying, branding }).sendCustomerEmail(emailInput('CLM-LINK', 'claim-received'));
    } finally {
      replying.close();
    }
    const message = await lastMessageTo('CLM-LINK');
    expect(message.headers['reply-to']).toBe('help@acme.example');
    const link = `https://track.acme.example/track/${claim!.trackingToken}`;
    expect(message.text).toContain(`Follow your claim online:\n${link}\n`);
    expect(message.html).toContain(`href="${link}"`);
    expect(message.text).toContain('Questions? Call +1 800 555 0199 or reply to this email (help@acme.example).');
    expect(message.text).toMatch(/^Acme Voice: We received your request/);
  });

  it('refuses (non-retryable InvalidData) an email of a claim that is not in the read model: it could not link to its page', async () => {
    const send = createEmailActivities({ db, mailer }).sendCustomerEmail;
    await expect(send(emailInput('CLM-NOWHERE', 'claim-received'))).rejects.toMatchObject({
      type: 'InvalidData', nonRetryable: true, message: expect.stringContaining('no claim CLM-NOWHERE in the read model'),
    });
    expect((await sink.messages()).filter((m) => m.headers['x-claim-id'] === 'CLM-NOWHERE')).toHaveLength(0);
  });
});
