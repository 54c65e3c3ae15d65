/** The boundary schema of `sendCustomerEmail`'s input (the template data is checked per kind by the templates). */
import { z } from 'zod';
import type { SendEmailInput } from '../activities/contract';
import { formatIssues } from '../schemas/claim-request';
import { EMAIL_KINDS } from './templates/schemas';
import { isKnownLocale, isKnownTimeZone } from './templates/format';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** `SendEmailInput`, checked field by field. */
export const sendEmailInputSchema = z.object({
  claimId: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  kind: z.enum(EMAIL_KINDS as [string, ...string[]], { message: `must be one of ${EMAIL_KINDS.join(', ')}` }),
  sequence: z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more'),
  to: z.email('must be an email address'),
  locale: z.string().refine(isKnownLocale, 'must be a locale such as en-US').optional(),
  timeZone: z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as America/Chicago').optional(),
  data: z.record(z.string(), scalar, { message: 'must be an object of text, number, true/false or null values' }),
});

/** Parses the activity input; returns it typed, or `field: reason` lines. */
export function parseSendEmailInput(input: unknown): { ok: true; input: SendEmailInput } | { ok: false; problems: string[] } {
  const result = sendEmailInputSchema.safeParse(input);
  if (result.success) return { ok: true, input: result.data as SendEmailInput };
  return { ok: false, problems: formatIssues(result.error) };
}
