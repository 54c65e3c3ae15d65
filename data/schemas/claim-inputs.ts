/** Zod schemas of the claim activities' inputs (`activities/contract.ts`), checked before anything is written. */
import { z } from 'zod';
import type { ClaimUpdate, OpenTaskInput, RecordClaimOpenedInput } from '../../activities/contract';
import {
  claimPolicySummarySchema, claimRequestSchema, claimStatus, eligibilityDecisionSchema, isoInstant, labelRecordSchema, macAddress,
  postalAddressSchema, reservedUnitSchema, taskKind, text, timelineEntrySchema,
} from './common';

/** Input of `recordClaimOpened`. */
export const recordClaimOpenedInputSchema: z.ZodType<RecordClaimOpenedInput> = z.object({
  claimId: text, workflowId: text, request: claimRequestSchema, openedAt: isoInstant, policy: claimPolicySummarySchema.optional(),
});

/** Input of `updateClaim`. */
export const claimUpdateSchema: z.ZodType<ClaimUpdate> = z.object({
  claimId: text,
  entry: timelineEntrySchema,
  status: claimStatus.optional(),
  decision: eligibilityDecisionSchema.optional(),
  unit: reservedUnitSchema.nullable().optional(),
  label: labelRecordSchema.optional(),
  shipTo: postalAddressSchema.optional(),
  replacementMac: macAddress.optional(),
  nextDeadline: z.object({ kind: text, at: isoInstant }).nullable().optional(),
  flags: z.object({ billing: z.boolean().optional(), escalated: z.boolean().optional() }).optional(),
});

/** Input of `openTask`. */
export const openTaskInputSchema: z.ZodType<OpenTaskInput> = z.object({
  claimId: text, kind: taskKind, slaDueAt: isoInstant, summary: text,
});
