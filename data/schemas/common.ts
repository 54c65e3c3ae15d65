/** Zod schemas for the shared vocabulary (`domain/types.ts`), used at every data-layer boundary. */
import { z } from 'zod';
import type { ClaimPolicySummary } from '../../domain/policy';
import {
  acquisitionChannels, claimStatuses, decisionOutcomes, eligibilityRules, legKinds, taskKinds, trackingStatuses,
} from '../../domain/types';
import type { EligibilityDecision, LabelRecord, ReservedUnit, TimelineEntry } from '../../domain/types';

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
/** A MAC in any of the four accepted notations, normalised to `AA:BB:CC:DD:EE:FF` (schemas/claim-request.ts). */
export { macSchema as macAddress } from '../../schemas/claim-request';
/** One of the acquisition channels. */
export const acquisitionChannel = oneOf(acquisitionChannels);
/** One of the claim statuses. */
export const claimStatus = oneOf(claimStatuses);
/** One of the task kinds. */
export const taskKind = oneOf(taskKinds);
/** One of the two legs. */
export const legKind = oneOf(legKinds);
/** One of the carrier tracking statuses. */
export const trackingStatus = oneOf(trackingStatuses);

/** The postal address, contact and trigger: the boundary's own schemas (schemas/claim-request.ts), one rule for each. */
export { claimRequestSchema, contactSchema, postalAddressSchema } from '../../schemas/claim-request';
/** The eligibility decision. */
export const eligibilityDecisionSchema: z.ZodType<EligibilityDecision> = z.object({
  outcome: oneOf(decisionOutcomes), rule: oneOf(eligibilityRules), explanation: text, decidedOn: isoDate,
  decidedBy: z.string().optional(),
});
/** A bought label. */
export const labelRecordSchema: z.ZodType<LabelRecord> = z.object({
  leg: legKind, transactionId: text, rateId: text, carrier: text, serviceLevel: text, serviceName: z.string().optional(),
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
