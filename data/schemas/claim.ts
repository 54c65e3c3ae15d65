/** The claims read model document (`claims`, unique by `claimId` and by `trackingToken`). */
import { z } from 'zod';
import type { TimelineEntry } from '../../domain/types';
import {
  claimPolicySummarySchema, claimRequestSchema, claimStatus, contactSchema, eligibilityDecisionSchema, isoInstant, labelRecordSchema, macAddress,
  postalAddressSchema, reservedUnitSchema, taskKind, text, timelineEntrySchema,
} from './common';

/** A stored claim, as support, the shipping department and the customer page read it. */
export const claimDocSchema = z.object({
  claimId: text,
  workflowId: text,
  status: claimStatus,
  trackingToken: text,
  openedAt: isoInstant,
  updatedAt: isoInstant,
  request: claimRequestSchema,
  /** Search keys copied from the request: MAC, extension, account and lower-cased contact email. */
  mac: macAddress,
  extension: text,
  accountId: text,
  email: text,
  contact: contactSchema,
  shipTo: postalAddressSchema,
  /** The model a replacement is wanted for (from the registry, or the model asked of the inventory). */
  model: text.nullish(),
  decision: eligibilityDecisionSchema.optional(),
  unit: reservedUnitSchema.nullish(),
  legs: z.object({ outbound: labelRecordSchema.optional(), return: labelRecordSchema.optional() }),
  replacementMac: macAddress.optional(),
  handedOverAt: isoInstant.optional(),
  /** When the claim reached its terminal status (the read model's clock). */
  closedAt: isoInstant.optional(),
  nextDeadline: z.object({ kind: text, at: isoInstant }).nullish(),
  flags: z.object({ billing: z.boolean(), escalated: z.boolean() }),
  /** The policy the claim runs under: version, calendar and durations (absent on claims opened before it was recorded). */
  policy: claimPolicySummarySchema.optional(),
  /**
   * Filed under every list (opened, MAC, email, extension, status, day) when it finishes, not at its opening: until
   * then support finds it in the working set (claims opened off the answering task; absent: filed at the opening).
   */
  filedAtClose: z.literal(true).optional(),
  /**
   * The timeline, keyed by each entry's key (`timelineField(key)`): a retried write sets the same entry again, so
   * it is never duplicated, and the whole claim is one read by `_id`. Bounded: a claim has a few dozen entries.
   */
  timelineByKey: z.record(z.string(), timelineEntrySchema).default({}),
  /** The claim's tasks by kind, open and closed (a kind opened again is the same task in a later round). */
  tasks: z.partialRecord(taskKind, z.lazy(() => taskDocSchema)).default({}),
});
/** A stored claim, its timeline keyed by entry key. */
export type ClaimDoc = z.output<typeof claimDocSchema>;

/** A timeline entry as written before the timeline moved into the claim (`claim_timeline`; migration v2 moves them). */
export const legacyTimelineDocSchema = z.intersection(z.object({ claimId: text }), timelineEntrySchema);

/** A claim with its timeline, oldest entry first: what support and the customer page read. */
export type ClaimView = Omit<ClaimDoc, 'timelineByKey'> & { timeline: TimelineEntry[] };


/** Where a shipping task stands. */
export const taskStatuses = ['open', 'taken', 'done', 'cancelled'] as const;
/** One of the task statuses. */
export type TaskStatus = (typeof taskStatuses)[number];

/** A task for the shipping department or support: one per claim and kind (`taskId` = `<claimId>--<kind>`), kept in its claim. */
export const taskDocSchema = z.object({
  taskId: text,
  claimId: text,
  kind: taskKind,
  status: z.enum(taskStatuses),
  assignee: text.nullish(),
  slaDueAt: isoInstant,
  summary: text,
  openedAt: isoInstant,
  takenAt: isoInstant.nullish(),
  closedAt: isoInstant.nullish(),
  outcome: z.string().nullish(),
  /** How many times the task was opened (a second fix-address reopens the same task). */
  round: z.number().int().positive(),
});
/** A stored task. */
export type TaskDoc = z.output<typeof taskDocSchema>;

/**
 * A claim that is not finished (`claims_active`, `_id` = claimId): the working set that lists, counts, task queues
 * and the tracking poller read. It holds what those need and the claim's open tasks; it is removed when the claim
 * reaches a terminal status, so it stays as small as the work in progress, however long the history.
 */
export const activeClaimSchema = z.object({
  claimId: text,
  workflowId: text,
  status: claimStatus,
  /** When the claim entered its status. */
  statusSince: isoInstant.optional(),
  openedAt: isoInstant,
  updatedAt: isoInstant,
  mac: macAddress,
  extension: text,
  accountId: text,
  email: text,
  customerName: text,
  fault: text,
  model: text.nullish(),
  handedOverAt: isoInstant.optional(),
  nextDeadline: z.object({ kind: text, at: isoInstant }).nullish(),
  flags: z.object({ billing: z.boolean(), escalated: z.boolean() }),
  /** Label PDF links, for the shipping department's board. */
  labels: z.object({ outbound: z.string().optional(), return: z.string().optional() }).default({}),
  /** Open tasks by kind. */
  tasks: z.partialRecord(taskKind, taskDocSchema).default({}),
  /** Timeline entries that ask support's attention without a task (domain/work-queues.ts), by field-safe key. */
  attention: z.record(z.string(), timelineEntrySchema).default({}),
});
/** A stored active claim. */
export type ActiveClaim = z.output<typeof activeClaimSchema>;

/** One line of a claim list (search results, history lists): what support sees before opening the claim. */
export const claimSummarySchema = z.object({
  claimId: text,
  status: claimStatus,
  mac: macAddress,
  extension: text,
  accountId: text,
  email: text,
  model: text.nullish(),
  openedAt: isoInstant,
  closedAt: isoInstant.optional(),
  /** Set on finished claims' entries, for the rollups. */
  fault: text.optional(),
  handedOverAt: isoInstant.optional(),
});
/** One line of a claim list. */
export type ClaimSummary = z.output<typeof claimSummarySchema>;
