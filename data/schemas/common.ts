/** Zod schemas for the shared vocabulary (`domain/types.ts`), used at every data-layer boundary. */
import { z } from 'zod';
import { normaliseMac } from '../../domain/mac';
import type { ClaimPolicySummary } from '../../domain/policy';
import {
  acquisitionChannels, claimStatuses, decisionOutcomes, eligibilityRules, emailKinds, faultKinds, legKinds, taskKinds, trackingStatuses,
} from '../../domain/types';
import type {
  Contact,
  EligibilityDecision,
  LabelRecord,
  LeaseContract,
  PostalAddress,
  ReservedUnit,
  TimelineEntry,
  Troubleshooting,
  ClaimRequest,
} from '../../domain/types';

export { acquisitionChannels, claimStatuses, emailKinds, taskKinds } from '../../domain/types';

/** A zod enum of `values` whose error lists them. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** A non-empty trimmed string. */
export const text = z.string().trim().min(1, 'must not be empty');
/** `YYYY-MM-DD`, a real calendar date. */
export const isoDate = z.iso.date({ error: 'must be a real date written YYYY-MM-DD' });
/** An ISO-8601 instant with offset, e.g. `2026-11-29T17:10:00.000Z`. */
export const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 instant, e.g. 2026-11-29T17:10:00.000Z' });
/** A MAC in any of the four accepted notations, normalised to `AA:BB:CC:DD:EE:FF`. */
export const macAddress = z.string().transform((value, ctx) => {
  const parsed = normaliseMac(value);
  if (parsed.ok) return parsed.mac;
  ctx.addIssue({ code: 'custom', message: parsed.reason });
  return z.NEVER;
});
/** One of the acquisition channels. */
export const acquisitionChannel = oneOf(acquisitionChannels);
/** One of the claim statuses. */
export const claimStatus = oneOf(claimStatuses);
/** One of the task kinds. */
export const taskKind = oneOf(taskKinds);
/** One of the email kinds. */
export const emailKind = oneOf(emailKinds);
/** One of the fault kinds. */
export const faultKind = oneOf(faultKinds);
/** One of the two legs. */
export const legKind = oneOf(legKinds);
/** One of the carrier tracking statuses. */
export const trackingStatus = oneOf(trackingStatuses);

/** A lease contract's term. */
export const leaseContractSchema: z.ZodType<LeaseContract> = z.object({ contractId: text, startsOn: isoDate, endsOn: isoDate });
/** A postal address. */
export const postalAddressSchema: z.ZodType<PostalAddress> = z.object({
  name: text, company: z.string().optional(), street1: text, street2: z.string().optional(), city: text, state: text,
  postalCode: text, country: z.string().length(2, 'must be a 2-letter country code'), phone: z.string().optional(),
  email: z.email().optional(),
});
/** How to reach the customer. */
export const contactSchema: z.ZodType<Contact> = z.object({
  name: text, phone: text, email: z.email({ error: 'must be an email address' }), locale: z.string().optional(), timeZone: z.string().optional(),
});
const troubleshootingSchema: z.ZodType<Troubleshooting> = z.object({
  remoteSession: z.boolean(), cablingChecked: z.boolean(), photoRefs: z.array(z.string()), notes: z.string().optional(),
});
/** The trigger support recorded. */
export const claimRequestSchema: z.ZodType<ClaimRequest> = z.object({
  mac: macAddress, extension: text, accountId: text, contact: contactSchema, shipTo: postalAddressSchema, fault: faultKind,
  description: text, troubleshooting: troubleshootingSchema, triggeredBy: text,
});
/** The eligibility decision. */
export const eligibilityDecisionSchema: z.ZodType<EligibilityDecision> = z.object({
  outcome: oneOf(decisionOutcomes), rule: oneOf(eligibilityRules), explanation: text, decidedOn: isoDate,
  decidedBy: z.string().optional(),
});
/** A bought label. */
export const labelRecordSchema: z.ZodType<LabelRecord> = z.object({
  leg: legKind, transactionId: text, rateId: text, carrier: text, serviceLevel: text,
  trackingNumber: text, trackingUrl: z.string().optional(), labelUrl: text,
});
/** A reserved refurbished unit. */
export const reservedUnitSchema: z.ZodType<ReservedUnit> = z.object({ unitId: text, model: text, sameModel: z.boolean() });
/** One keyed line of a claim's history. */
export const timelineEntrySchema: z.ZodType<TimelineEntry> = z.object({
  key: text, at: isoInstant, status: claimStatus.optional(), message: text, actor: z.string().optional(),
});

/** The policy a claim runs under, as recorded on it (`domain/policy.ts` `policySummary`). */
export const claimPolicySummarySchema: z.ZodType<ClaimPolicySummary> = z.object({
  version: z.string().nullable(), calendar: z.string().nullable(), durations: z.record(z.string(), z.string()),
});
