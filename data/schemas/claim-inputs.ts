/** Zod schemas of the claim activities' inputs (`activities/contract.ts`), checked before anything is written. */
import { z } from 'zod';
import type { ClaimChange, ClaimUpdate, OpenTaskInput, RecordClaimOpenedInput } from '../../domain/claim-change';
import { claimIdNamedBy } from '../../domain/ids';
import {
  claimPolicySummarySchema, claimRequestSchema, claimStatus, eligibilityDecisionSchema, isoInstant, labelRecordSchema, macAddress,
  postalAddressSchema, reservedUnitSchema, taskKind, text, timelineEntrySchema,
} from './common';

const deadlineSchema = z.object({ kind: text, at: isoInstant });
const flagsSchema = z.object({ billing: z.boolean().optional(), escalated: z.boolean().optional() });

/** What one change may set on a claim (`ClaimChangeFields`). */
const claimChangeFieldsSchema = z.object({
  status: claimStatus.optional(),
  decision: eligibilityDecisionSchema.optional(),
  model: text.optional(),
  unit: reservedUnitSchema.nullable().optional(),
  labels: z.object({ outbound: labelRecordSchema.optional(), return: labelRecordSchema.optional() }).optional(),
  shipTo: postalAddressSchema.optional(),
  replacementMac: macAddress.optional(),
  handedOverAt: isoInstant.optional(),
  nextDeadline: deadlineSchema.nullable().optional(),
  flags: flagsSchema.optional(),
  tasksOpened: z.array(z.object({ kind: taskKind, slaDueAt: isoInstant, summary: text, round: z.number().int().positive(), openedAt: isoInstant })).optional(),
  tasksClosed: z.array(z.object({ kind: taskKind, outcome: text, closedAt: isoInstant })).optional(),
  timeline: z.array(timelineEntrySchema).optional(),
});

/** Input of `recordClaimOpened`. */
export const recordClaimOpenedInputSchema: z.ZodType<RecordClaimOpenedInput> = z.object({
  claimId: text, workflowId: text, request: claimRequestSchema, openedAt: isoInstant, model: text.optional(), policy: claimPolicySummarySchema.optional(),
  trackingToken: text.optional(), filedAtClose: z.literal(true).optional(), change: claimChangeFieldsSchema.optional(),
}).refine((input) => input.trackingToken === undefined || claimIdNamedBy(input.trackingToken) === input.claimId, {
  path: ['trackingToken'], error: 'must name the claim (<claimId>.<24 random base64url characters>)',
});

/** Input of `projectClaim`. */
export const claimChangeSchema: z.ZodType<ClaimChange> = claimChangeFieldsSchema.extend({ claimId: text, fileOpened: z.literal(true).optional() });

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
  nextDeadline: deadlineSchema.nullable().optional(),
  flags: flagsSchema.optional(),
});

/** Input of `openTask`. */
export const openTaskInputSchema: z.ZodType<OpenTaskInput> = z.object({
  claimId: text, kind: taskKind, slaDueAt: isoInstant, summary: text,
});
