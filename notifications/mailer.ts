/** The mailer adapter: nodemailer over SMTP, configured by host, port, TLS, auth and from-address. */
import nodemailer from 'nodemailer';
import { domainOf, parseMailerConfig, type MailerConfig, type MailerConfigInput } from './config';
import { deterministicMessageId, type EmailKey } from './message-id';
import { classifySmtpError, type SmtpFailureOutcome } from './smtp-errors';

/** One message to send, already rendered. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic `<…@…>` id (see `Mailer.messageIdFor`). */
  messageId: string;
  /** The Date header; fixed per email so every attempt transmits the same message. */
  date: Date;
  headers?: Record<string, string>;
}

/** The server accepted the message. */
export interface MailAccepted {
  messageId: string;
  response: string;
}

/** A failed send, classified: see `SmtpFailureOutcome`. */
export class MailSendError extends Error {
  override readonly name = 'MailSendError';
  constructor(
    message: string,
    readonly outcome: SmtpFailureOutcome,
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

/** Sends rendered emails over SMTP. */
export interface Mailer {
  /** The Message-ID for an email key, with this mailer's domain. */
  messageIdFor(key: EmailKey): string;
  /** Sends one message; resolves when the server accepted it, else throws `MailSendError`. */
  send(email: OutgoingEmail): Promise<MailAccepted>;
  /** Releases the transport. */
  close(): void;
}

/** Creates a mailer from its configuration (validated: a bad field throws a message naming it). */
export function createMailer(configInput: MailerConfigInput): Mailer {
  const config: MailerConfig = parseMailerConfig(configInput);
  const domain = config.messageIdDomain ?? domainOf(config.from);
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls,
    tls: { rejectUnauthorized: config.tlsRejectUnauthorized },
    auth: config.auth,
    connectionTimeout: config.connectionTimeoutMs,
    greetingTimeout: config.connectionTimeoutMs,
    socketTimeout: config.socketTimeoutMs,
  });
  return {
    messageIdFor: (key) => deterministicMessageId(key, domain),
    async send(email) {
      try {
        const info = await transport.sendMail({
          from: config.from,
          ...(config.replyTo ? { replyTo: config.replyTo } : {}),
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
          date: email.date,
          headers: email.headers,
        });
        return { messageId: email.messageId, response: String(info.response ?? '') };
      } catch (error) {
        const details = error as { message?: string; responseCode?: number };
        throw new MailSendError(details.message ?? String(error), classifySmtpError(error), details.responseCode);
      }
    },
    close: () => transport.close(),
  };
}
