/** The API's zod schemas for requests and responses (the OpenAPI document is generated from these). */
import { z } from 'zod';
import { claimStatuses, taskKinds } from '../../data/schemas/common';
import { queuedTaskStatuses } from '../../data/tasks';
import { macSchema, postalAddressSchema } from '../../schemas/claim-request';

const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
/** Optional human name of who did the step (recorded as `<name> via <key name>`). */
const by = text(60).optional().describe('who did it (a person), recorded with the key name');

/** `:claimId` in a path. */
export const claimIdParams = z.object({ claimId: z.string().regex(/^[A-Za-z0-9-]{3,64}$/, 'must be a claim id like RC-20261129-7KQ2M9') });
/** `:taskId` in a path. */
export const taskIdParams = z.object({ taskId: z.string().regex(/^[A-Za-z0-9-]{3,100}$/, 'must be a task id like RC-20261129-7KQ2M9--pick-pack-ship') });
/** `:token` in a path (a `.json` suffix asks for JSON). */
export const trackParams = z.object({ token: z.string().max(64, 'is not a tracking token') });

/** Search criteria (all must match; none: the newest claims) and paging. */
export const claimSearchQuery = z.object({
  status: z.enum(claimStatuses, { error: `must be one of ${claimStatuses.join(', ')}` }).optional(),
  mac: macSchema.optional(),
  extension: z.string().trim().regex(/^\d{2,8}$/, 'must be 2 to 8 digits').optional(),
  email: z.email('must be an email address').optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1–200').max(200, 'must be 1–200').optional(),
  cursor: z.string().max(200, 'is not a cursor this search returned').optional().describe('`next` of the previous page'),
});

/** Task list filters; without `status`, open and taken tasks (done and cancelled tasks are on their claims). */
export const taskListQuery = z.object({
  status: z.enum(queuedTaskStatuses, { error: `must be one of ${queuedTaskStatuses.join(', ')} (done and cancelled tasks are on their claims)` }).optional(),
  kind: z.enum(taskKinds, { error: `must be one of ${taskKinds.join(', ')}` }).optional(),
});

/** Correct the ship-to address of a claim in `address-problem`. */
export const correctAddressBody = z.object({ shipTo: postalAddressSchema, by });
/** Cancel a claim (refused after hand-over). */
export const cancelBody = z.object({ reason: text(500), by });
/** A supervisor's decision on an unknown device. */
export const decisionBody = z.object({
  approve: z.boolean({ error: 'must be true or false' }),
  reason: text(500),
  model: text(80).optional().describe('the device model (required when approving: the registry does not know the device)'),
  by,
}).refine((d) => !d.approve || d.model, { path: ['model'], message: 'is required when approving (the registry does not know the device)' });
/** Pick-pack-ship done: the replacement's MAC and serial. */
export const shipmentBody = z.object({ replacementMac: macSchema, serial: text(60).optional(), by });
/** The defective device arrived: what was read off it and the inspection. */
export const returnReceiptBody = z.object({ receivedMac: macSchema, condition: text(200), notes: text(1000).optional(), by });
/** Take a task (assignee defaults to the key's name). */
export const takeTaskBody = z.object({ assignee: text(60).optional() }).optional();

const label = z.looseObject({ carrier: z.string(), serviceLevel: z.string(), trackingNumber: z.string(), trackingUrl: z.string().optional(), labelUrl: z.string() });
const timelineEntry = z.object({ key: z.string(), at: z.string(), status: z.string().optional(), message: z.string(), actor: z.string().optional() });

/** A claim as support reads it. */
export const claimResponse = z.looseObject({
  claimId: z.string(), workflowId: z.string(), status: z.string(), openedAt: z.string(), updatedAt: z.string(),
  mac: z.string(), extension: z.string(), accountId: z.string(), email: z.string(), model: z.string().nullish(),
  trackingUrl: z.string(),
  decision: z.looseObject({ outcome: z.string(), explanation: z.string() }).optional(),
  nextDeadline: z.object({ kind: z.string(), at: z.string() }).nullish(),
  replacementMac: z.string().optional(),
  legs: z.object({ outbound: label.optional(), return: label.optional() }),
  policy: z.object({ version: z.string().nullable(), calendar: z.string().nullable(), durations: z.record(z.string(), z.string()) }).optional(),
  timeline: z.array(timelineEntry),
  tasks: z.array(z.looseObject({ taskId: z.string(), kind: z.string(), status: z.string(), slaDueAt: z.string() })),
});
/** The answer to opening a claim. */
export const openedClaimResponse = z.object({ claimId: z.string(), workflowId: z.string(), created: z.boolean(), status: z.string(), trackingUrl: z.string().optional() });
/** Search results. */
export const claimListResponse = z.object({ claims: z.array(z.looseObject({
  claimId: z.string(), status: z.string(), mac: z.string(), extension: z.string(), email: z.string(), accountId: z.string(), model: z.string().nullable(), openedAt: z.string(),
  closedAt: z.string().optional(),
})), next: z.string().optional().describe('send as `cursor` for the next page; absent on the last page') });
/** A human step's result (a decision also carries the recorded decision). */
export const stepResponse = z.looseObject({ claimId: z.string(), status: z.string(), decision: z.looseObject({ explanation: z.string() }).optional() });
/** The label PDFs of a claim. */
export const labelsResponse = z.object({ claimId: z.string(), outbound: label.nullable(), return: label.nullable() });
/** A task on the board. */
export const taskResponse = z.looseObject({
  taskId: z.string(), claimId: z.string(), kind: z.string(), status: z.string(), assignee: z.string().nullish(), slaDueAt: z.string(),
  overdue: z.boolean(), summary: z.string(), openedAt: z.string(),
  claim: z.object({ status: z.string(), mac: z.string(), extension: z.string(), model: z.string().nullish(), customerName: z.string() }),
  labels: z.object({ outbound: z.string().optional(), return: z.string().optional() }),
});
/** The task list. */
export const taskListResponse = z.object({ tasks: z.array(taskResponse) });
/** The reports. */
export const reportResponse = z.object({
  generatedAt: z.string(), total: z.number(),
  byStatus: z.record(z.string(), z.number()).describe('every claim ever opened, by its status now'),
  byModel: z.record(z.string(), z.record(z.string(), z.number())),
  window: z.object({
    from: z.string(), to: z.string(), days: z.number(), finished: z.number().describe('claims finished in the window'),
    byStatus: z.record(z.string(), z.number()), byModel: z.record(z.string(), z.record(z.string(), z.number())),
    byFault: z.record(z.string(), z.record(z.string(), z.number())),
  }),
  daily: z.array(z.object({ day: z.string(), finished: z.number(), byStatus: z.record(z.string(), z.number()) })),
  medianHoursToHandOver: z.number().nullable(), p90HoursToHandOver: z.number().nullable(),
  medianHoursToClose: z.number().nullable(), p90HoursToClose: z.number().nullable(),
  returnRate: z.number().nullable().describe('returned ÷ (returned + unreturned), claims finished in the window'),
  queues: z.record(z.string(), z.number()).describe('open tasks by kind'),
  overdue: z.object({
    tasks: z.array(z.object({ taskId: z.string(), claimId: z.string(), kind: z.string(), slaDueAt: z.string() })),
    returns: z.array(z.object({ claimId: z.string(), since: z.string().nullable() })),
  }),
});
/** The customer's view of a claim: no address, phone or email. Times are ISO instants; `timeZone`/`locale` say how the page shows them. */
export const trackingResponse = z.object({
  claimId: z.string(), status: z.string(), headline: z.string(), openedAt: z.string(),
  model: z.string().nullish().describe('display name of the device model'),
  replacementModel: z.string().nullish().describe('display name of the replacement’s model'),
  locale: z.string(), timeZone: z.string(),
  progress: z.array(z.object({ label: z.string(), state: z.enum(['done', 'current', 'upcoming', 'stopped', 'skipped']) })),
  returnDueAt: z.string().nullable(),
  closesUnreturnedAt: z.string().nullable().describe('while the return is overdue: when the claim closes as unreturned'),
  canReprintReturnLabel: z.boolean().describe('POST /track/{token}/return-label downloads the return label (while the return is due)'),
  shipments: z.array(z.object({ leg: z.enum(['outbound', 'return']), carrier: z.string(), service: z.string().optional(), trackingNumber: z.string(), trackingUrl: z.string().optional() })),
  history: z.array(z.object({ at: z.string(), status: z.string(), message: z.string() })),
});
