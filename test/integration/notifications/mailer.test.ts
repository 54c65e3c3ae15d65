/** The mailer adapter against a real SMTP server: auth, implicit TLS, and configuration errors. */
import { createMailer, MailSendError } from '../../../notifications/mailer';
import type { SmtpSink } from '../../../sandbox/smtp/sink';
import { FROM, startTestSink } from './harness';

const sinks: SmtpSink[] = [];
afterAll(async () => {
  await Promise.all(sinks.map((s) => s.close()));
});

function outgoing(subject: string) {
  return { to: 'ann@example.com', subject, text: 'plain', html: '<p>html</p>', messageId: `<${subject}@spectrumvoip.example>`, date: new Date('2026-11-29T12:00:00Z') };
}

describe('mailer', () => {
  it('logs in with the configured credentials; wrong ones fail retryably (configuration, not the message)', async () => {
    const sink = await startTestSink({ credentials: { user: 'mailer', pass: 's3cret' } });
    sinks.push(sink);
    const good = createMailer({ host: '127.0.0.1', port: sink.port, from: FROM, auth: { user: 'mailer', pass: 's3cret' } });
    const accepted = await good.send(outgoing('auth-ok'));
    good.close();
    expect(accepted.response).toMatch(/^250 /);

    for (const auth of [{ user: 'mailer', pass: 'wrong' }, undefined]) {
      const bad = createMailer({ host: '127.0.0.1', port: sink.port, from: FROM, auth });
      const error = await bad.send(outgoing('auth-bad')).catch((e: unknown) => e);
      bad.close();
      expect(error).toBeInstanceOf(MailSendError);
      expect((error as MailSendError).outcome).toBe('not-sent');
    }
    const subjects = (await sink.messages()).map((m) => m.subject);
    expect(subjects).toEqual(['auth-ok']);
  });

  it('sends over implicit TLS when configured secure', async () => {
    const sink = await startTestSink({ secure: true });
    sinks.push(sink);
    const strict = createMailer({ host: '127.0.0.1', port: sink.port, from: FROM, secure: true });
    const refused = await strict.send(outgoing('tls-strict')).catch((e: unknown) => e);
    strict.close();
    expect((refused as MailSendError).outcome).toBe('not-sent'); // smtp-server's built-in certificate is not trusted (self-signed, expired)

    const mailer = createMailer({ host: '127.0.0.1', port: sink.port, from: FROM, secure: true, tlsRejectUnauthorized: false });
    await mailer.send(outgoing('tls-ok'));
    mailer.close();
    const [message] = await sink.messages();
    expect(message?.subject).toBe('tls-ok');
    expect(message?.messageId).toBe('<tls-ok@spectrumvoip.example>');
  });

  it('rejects a bad configuration naming each field', () => {
    expect(() => createMailer({ host: '', port: 70000, from: 'nobody' })).toThrow(
      /invalid mailer configuration: host: is required; port: must be 1–65535; from: must contain an email address/,
    );
  });
});
