/** Per-kind template data: a zod schema for the `data` record of each email kind, and the types it yields. */
import { z } from 'zod';
import type { EmailKind } from '../../domain/types';

const text = (max: number) => z.string({ message: 'is required (text)' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

/** An optional field: `null` and absence both mean "not given". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.null()]).optional().transform((value) => value ?? undefined);

/** `YYYY-MM-DD` or an ISO instant with `Z`/offset. */
const day = z
  .string({ message: 'is required (an ISO date)' })
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO date (YYYY-MM-DD) or instant');

const trackingUrl = z
  .string({ message: 'is required (a URL)' })
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL');

const customerName = text(100);
const carrier = text(60);

/**
 * The schema of each kind's `data`; `customerName` is in every one. Unknown keys (the workflow also sends `claimId`,
 * `mac`, `extension` with every email) are ignored. `carrier` on the return-leg kinds names the carrier of the
 * return label; without it the steps say "the carrier named on the label".
 */
export const emailDataSchemas = {
  'claim-received': z.object({ customerName, mac: optional(text(17)), extension: optional(text(8)) }),
  'claim-denied': z.object({ customerName, explanation: text(2000), rule: optional(text(60)) }),
  'claim-under-review': z.object({ customerName, explanation: optional(text(2000)) }),
  'replacement-shipped': z.object({
    customerName,
    carrier,
    trackingNumber: text(60),
    /** The carrier's tracking page; when the label has none, the email tells where to enter the number. */
    trackingUrl: optional(trackingUrl),
    /** Carrier of the prepaid return label (same as outbound by contract); defaults to `carrier`. */
    returnCarrier: optional(carrier),
    /** Sent by claims shipped before the delivered email gave the date; computed at shipping, so not shown. */
    returnDeadline: optional(day),
    /** The claim policy's return window in its days ("within 30 days of delivery"). */
    returnWindowDays: optional(z.number().int().positive('must be a positive number of days')),
    serviceLevel: optional(text(60)),
  }),
  'replacement-delivered': z.object({ customerName, carrier: optional(carrier), returnDeadline: day, deliveredAt: optional(day) }),
  'return-reminder': z.object({ customerName, carrier: optional(carrier), returnDeadline: day }),
  'return-overdue': z.object({ customerName, carrier: optional(carrier), returnDeadline: day, closesAt: optional(day) }),
  'claim-closed-returned': z.object({ customerName, receivedOn: optional(day) }),
  'claim-closed-unreturned': z.object({ customerName, returnDeadline: optional(day) }),
  'claim-cancelled': z.object({ customerName, reason: optional(text(2000)) }),
} satisfies Record<EmailKind, z.ZodType>;

/** The validated template data of one email kind. */
export type EmailData<K extends EmailKind> = z.output<(typeof emailDataSchemas)[K]>;

/** Every email kind (domain/types.ts). */
export { emailKinds as EMAIL_KINDS } from '../../domain/types';
