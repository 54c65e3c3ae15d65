/** The boundary schema of `sendCustomerEmail`'s input (the template data is checked per kind by the templates). */
import { z } from 'zod';
import { TRACKING_TOKEN_PATTERN } from '../domain/ids';
import { emailKinds, type EmailKind } from '../domain/types';
import { formatIssues } from '../schemas/issues';
import { isKnownLocale, isKnownTimeZone } from './templates/format';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Input of `sendCustomerEmail`: exactly once per (claimId, kind, sequence). */
export interface SendEmailInput {
  claimId: string;
  kind: EmailKind;
  sequence: number;
  to: string;
  locale?: string;
  timeZone?: string;
  /** Template data (tracking number, link, deadline, reason…). */
  data: Record<string, string | number | boolean | null>;
  /** What the claim knows of itself for the email's links and names (absent on older claims: read from the read model). */
  facts?: EmailClaimFacts;
  /**
   * The claim records a sent email on its own timeline (`email-sent-<kind>-<sequence>`, domain/email-outcomes.ts), so
   * a first attempt that SMTP accepted writes no outcome on the outbox record (absent on older claims: it does).
   */
  outcomeOnClaim?: boolean;
}

/** The claim's own facts an email shows: its tracking page's token, the models and the outbound service. */
export interface EmailClaimFacts {
  trackingToken: string;
  model?: string;
  replacementModel?: string;
  outboundCarrier?: string;
  outboundServiceName?: string;
}

/**
 * Result of `sendCustomerEmail`. `rejected` is a permanent SMTP refusal, recorded on the claim. `unconfirmed`: an
 * earlier attempt died after handing the message to SMTP and before recording the outcome; it is not resent
 * (at most once in that window), and the workflow records it on the timeline for support to check.
 */
export interface SendEmailResult {
  status: 'sent' | 'already-sent' | 'rejected' | 'unconfirmed';
  messageId?: string;
  reason?: string;
}

/** `SendEmailInput`, checked field by field. */
export const sendEmailInputSchema = z.object({
  claimId: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  kind: z.enum(emailKinds, { message: `must be one of ${emailKinds.join(', ')}` }),
  sequence: z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more'),
  to: z.email('must be an email address'),
  locale: z.string().refine(isKnownLocale, 'must be a locale such as en-US').optional(),
  timeZone: z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as America/Chicago').optional(),
  data: z.record(z.string(), scalar, { message: 'must be an object of text, number, true/false or null values' }),
  facts: z.object({
    trackingToken: z.string().regex(TRACKING_TOKEN_PATTERN, 'must be a tracking token'),
    model: z.string().min(1).optional(), replacementModel: z.string().min(1).optional(),
    outboundCarrier: z.string().min(1).optional(), outboundServiceName: z.string().min(1).optional(),
  }).optional(),
  outcomeOnClaim: z.boolean({ message: 'must be true or false' }).optional(),
});

/** Parses the activity input; returns it typed, or `field: reason` lines. */
export function parseSendEmailInput(input: unknown): { ok: true; input: SendEmailInput } | { ok: false; problems: string[] } {
  const result = sendEmailInputSchema.safeParse(input);
  if (result.success) return { ok: true, input: result.data };
  return { ok: false, problems: formatIssues(result.error.issues) };
}
