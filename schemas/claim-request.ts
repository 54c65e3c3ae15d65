/** The trigger's boundary schema: what support sends to open a replacement, validated and normalised. */
import { z } from 'zod';
import { normaliseMac } from '../domain/mac';
import { faultKinds, type ClaimRequest } from '../domain/types';
import { formatIssues } from './issues';
import { lineText, multilineText } from './text';


/** A MAC in any of the four sticker notations, normalised to `AA:BB:CC:DD:EE:FF`. */
export const macSchema = z.string().transform((value, ctx) => {
  const parsed = normaliseMac(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  }
  return parsed.mac;
});

/**
 * The trigger's pattern rules, each with the message a refusal names: the schema below checks them, and the console's
 * form checks the same in the browser (on the trimmed value) before anything is sent.
 */
export const triggerPatterns = {
  extension: { pattern: '^\\d{2,8}$', message: 'must be 2 to 8 digits' },
  'contact.phone': { pattern: '^\\+?[0-9 ().-]{7,20}$', message: 'must be a phone number (7–20 digits, spaces, dashes, dots, parentheses, leading +)' },
  'shipTo.postalCode': { pattern: '^[A-Za-z0-9 -]{3,12}$', message: 'must be a postal code (3–12 letters, digits, spaces or dashes)' },
  'shipTo.country': { pattern: '^[A-Za-z]{2}$', message: 'must be a two-letter ISO country code' },
} as const;

const matching = (rule: { pattern: string; message: string }) => z.string().trim().regex(new RegExp(rule.pattern), rule.message);

/** A postal address the carrier can ship to. */
export const postalAddressSchema = z.object({
  name: lineText(100),
  company: lineText(100).optional(),
  street1: lineText(120),
  street2: lineText(120).optional(),
  city: lineText(80),
  state: lineText(40),
  postalCode: matching(triggerPatterns['shipTo.postalCode']),
  country: matching(triggerPatterns['shipTo.country']).transform((c) => c.toUpperCase()),
  phone: lineText(30).optional(),
  email: z.email('must be an email address').optional(),
});

/** How to reach the customer about the claim. */
export const contactSchema = z.object({
  name: lineText(100),
  phone: matching(triggerPatterns['contact.phone']),
  email: z.email('must be an email address'),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a locale such as en-US').optional(),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Chicago').optional(),
});

/** Everything support records when it triggers a replacement. */
export const claimRequestSchema = z.object({
  mac: macSchema,
  extension: matching(triggerPatterns.extension),
  accountId: lineText(64),
  contact: contactSchema,
  shipTo: postalAddressSchema,
  fault: z.enum(faultKinds, { message: "must be 'defect' or 'physical-damage'" }),
  description: multilineText(2000),
  troubleshooting: z
    .object({
      remoteSession: z.boolean().default(false),
      cablingChecked: z.boolean().default(false),
      photoRefs: z.array(lineText(500)).max(20, 'at most 20 photos').default([]),
      notes: multilineText(2000).optional(),
    })
    .default({ remoteSession: false, cablingChecked: false, photoRefs: [] }),
  triggeredBy: lineText(100),
}) satisfies z.ZodType<ClaimRequest, unknown>;

/** Parses a trigger; returns the normalised request or `field: reason` messages. */
export function parseClaimRequest(input: unknown): { ok: true; request: ClaimRequest } | { ok: false; errors: string[] } {
  const result = claimRequestSchema.safeParse(input);
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, errors: formatIssues(result.error.issues) };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
