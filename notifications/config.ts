/** The mailer's configuration: SMTP host, port, TLS, auth and from-address, validated at the boundary. */
import { z } from 'zod';
import { formatIssues } from '../schemas/claim-request';

/** SMTP settings the mailer factory receives. */
export const mailerConfigSchema = z.object({
  host: z.string().trim().min(1, 'is required'),
  port: z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535'),
  /** Implicit TLS from the first byte (port 465 style). */
  secure: z.boolean().default(false),
  /** Refuse to send unless the server upgrades with STARTTLS. */
  requireTls: z.boolean().default(false),
  /** Verify the server certificate (turn off only for a local sink with a self-signed certificate). */
  tlsRejectUnauthorized: z.boolean().default(true),
  auth: z.object({ user: z.string().min(1, 'is required'), pass: z.string().min(1, 'is required') }).optional(),
  /** The From header, e.g. `SpectrumVoIP Replacements <replacements@spectrumvoip.example>`. */
  from: z.string().trim().min(3, 'is required').refine((v) => /[^\s<>@]+@[^\s<>@]+\.?[^\s<>@]*>?$/.test(v), 'must contain an email address'),
  /** The Reply-To header: the support mailbox customers answer to. */
  replyTo: z.email('must be an email address').optional(),
  /** Right-hand side of Message-IDs; defaults to the from-address's domain. */
  messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a domain name').optional(),
  connectionTimeoutMs: z.number().int().positive().default(10_000),
  socketTimeoutMs: z.number().int().positive().default(30_000),
});

/** Mailer configuration as the factory accepts it (defaults optional). */
export type MailerConfigInput = z.input<typeof mailerConfigSchema>;
/** Mailer configuration after validation and defaults. */
export type MailerConfig = z.output<typeof mailerConfigSchema>;

/** Validates the configuration; throws one error naming each bad field. */
export function parseMailerConfig(input: unknown): MailerConfig {
  const result = mailerConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new Error(`invalid mailer configuration: ${formatIssues(result.error).join('; ')}`);
}

/** The domain part of a from-address (`Name <a@b.c>` or `a@b.c`). */
export function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'localhost';
}

/** Builds the mailer configuration from the app's SMTP settings (see `config/env.ts`). */
export function mailerConfigFromEnv(env: {
  SMTP_HOST: string;
  SMTP_PORT: number;
  SMTP_SECURE: boolean;
  SMTP_USER?: string;
  SMTP_PASSWORD?: string;
  MAIL_FROM: string;
  SUPPORT_EMAIL?: string;
}): MailerConfig {
  return parseMailerConfig({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    auth: env.SMTP_USER && env.SMTP_PASSWORD ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } : undefined,
    from: env.MAIL_FROM,
    replyTo: env.SUPPORT_EMAIL,
  });
}
