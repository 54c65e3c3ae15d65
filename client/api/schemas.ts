/** The API's zod schemas for requests and responses (the OpenAPI document is generated from these). */
import { z } from 'zod';
import { claimStatuses, taskKinds } from '../../data/schemas/common';
import { queuedTaskStatuses } from '../../data/tasks';
import { normaliseMac } from '../../domain/mac';
import { claimRequestSchema, macSchema, postalAddressSchema } from '../../schemas/claim-request';
import { lineText, multilineText } from '../../schemas/text';

/** Optional human name of who did the step (recorded as `<name> via <key name>`). */
const by = lineText(60).optional().describe('who did it (a person), recorded with the key name');

/** `:claimId` in a path. */
export const claimIdParams = z.object({ claimId: z.string().regex(/^[A-Za-z0-9-]{3,64}$/, 'must be a claim id like RC-20261129-7KQ2M9') });
/** `:claimId` in a path that also takes a device's MAC (any notation: its newest claim). */
export const claimRefParams = z.object({
  claimId: z.string().max(64, 'must be a claim id like RC-20261129-7KQ2M9 or a MAC like 00:15:65:AB:CD:EF')
    .refine((ref) => claimIdParams.shape.claimId.safeParse(ref).success || normaliseMac(ref).ok, 'must be a claim id like RC-20261129-7KQ2M9 or a MAC like 00:15:65:AB:CD:EF')
    .describe('a claim id, or a device MAC in any notation (its newest claim)'),
});
/** `:taskId` in a path. */
export const taskIdParams = z.object({ taskId: z.string().regex(/^[A-Za-z0-9-]{3,100}$/, 'must be a task id like RC-20261129-7KQ2M9--pick-pack-ship') });
/** `:token` in a path (a `.json` suffix asks for JSON). */
export const trackParams = z.object({ token: z.string().max(160, 'is not a tracking token') });

/** An extension number, as the trigger takes it. */
export const extensionSchema = claimRequestSchema.shape.extension;

/** Search criteria (all must match; none: the newest claims) and paging. */
export const claimSearchQuery = z.object({
  status: z.enum(claimStatuses, { error: `must be one of ${claimStatuses.join(', ')}` }).optional(),
  mac: macSchema.optional(),
  extension: extensionSchema.optional(),
  email: z.email('must be an email address').optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1–200').max(200, 'must be 1–200').optional(),
  cursor: z.string().max(200, 'is not a cursor this search returned').optional().describe('`next` of the previous page'),
});

/** Task list filters; without `status`, open and taken tasks (done and cancelled tasks are on their claims). */
export const taskListQuery = z.object({
  status: z.enum(queuedTaskStatuses, { error: `must be one of ${queuedTaskStatuses.join(', ')} (done and cancelled tasks are on their claims)` }).optional(),
  kind: z.enum(taskKinds, { error: `must be one of ${taskKinds.join(', ')}` }).optional(),
  overdue: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true').optional().describe('only the overdue tasks'),
  q: lineText(100).optional().describe('search: claim id, MAC, extension, customer name or the task’s text'),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1–500').max(500, 'must be 1–500').optional(),
  cursor: z.string().max(200, 'is not a cursor this list returned').optional().describe('`next` of the previous page'),
});

/** Correct the ship-to address of a claim in `address-problem`. */
export const correctAddressBody = z.object({ shipTo: postalAddressSchema, by });
/** Cancel a claim (refused after hand-over). */
export const cancelBody = z.object({ reason: multilineText(500), by });
/** Support's record of where the customer will use the phone (the ship-to differs from the E911 address). */
export const emergencyAddressBody = z.object({ note: multilineText(500).describe('what was agreed, e.g. "stays at the office; E911 unchanged"'), by });
/** A supervisor's decision on an unknown device. */
export const decisionBody = z.object({
  approve: z.boolean({ error: 'must be true or false' }),
  reason: multilineText(500),
  model: lineText(80).optional().describe('the device model (required when approving: the registry does not know the device)'),
  by,
}).refine((d) => !d.approve || d.model, { path: ['model'], message: 'is required when approving (the registry does not know the device)' });
/** Pick-pack-ship done: the replacement's MAC and serial. */
export const shipmentBody = z.object({ replacementMac: macSchema, serial: lineText(60).optional(), by });
/** The defective device arrived: what was read off it and the inspection. */
export const returnReceiptBody = z.object({ receivedMac: macSchema, condition: lineText(200), notes: multilineText(1000).optional(), by });
/** Take a task (assignee defaults to the key's name). */
export const takeTaskBody = z.object({ assignee: lineText(60).optional() }).optional();

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
  flags: z.object({ billing: z.boolean(), escalated: z.boolean() }).optional().describe('billing: flagged for billing (the defective device never came back); escalated: a deadline was escalated to a person'),
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
/** A claim on support's attention list without a task. */
export const attentionResponse = z.object({
  claimId: z.string(), kind: z.enum(['carrier-trouble', 'email-problem', 'return-overdue']), at: z.string(), message: z.string(),
  claim: z.object({ status: z.string(), mac: z.string(), extension: z.string(), customerName: z.string(), model: z.string().nullable() }),
});
/** The task list. */
export const taskListResponse = z.object({
  tasks: z.array(taskResponse),
  next: z.string().optional().describe('send as `cursor` for the next page; absent on the last page'),
  attention: z.array(attentionResponse).optional().describe('support (and admin): claims in progress that need support without a task'),
});
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
  unreturnedRate: z.number().nullable().describe('unreturned ÷ (returned + unreturned), claims finished in the window'),
  returns: z.object({ returned: z.number(), unreturned: z.number() }).describe('claims finished in the window that closed returned, and unreturned'),
  returnsByModel: z.record(z.string(), z.object({
    returned: z.number(), unreturned: z.number(), returnRate: z.number().nullable(), unreturnedRate: z.number().nullable(),
  })).describe('the same, by model'),
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

const decision = z.object({ outcome: z.string(), rule: z.string(), explanation: z.string(), decidedOn: z.string(), decidedBy: z.string().optional() });
const claimLine = z.looseObject({ claimId: z.string(), status: z.string(), mac: z.string(), extension: z.string(), accountId: z.string(), model: z.string().nullish(), openedAt: z.string(), closedAt: z.string().optional() });
const chainLink = z.object({ mac: z.string(), modelName: z.string().nullable(), claimId: z.string().nullable(), shippedAt: z.string().nullable() });
const repeatFlag = z.object({ repeat: z.boolean(), reasons: z.array(z.string()) });
/** A device as support looks it up. */
export const deviceResponse = z.object({
  mac: z.string(), known: z.boolean(), registryProblem: z.string().nullable(),
  device: z.looseObject({
    mac: z.string(), extension: z.string().optional(), accountId: z.string(), model: z.string(), modelName: z.string().nullable(), channel: z.string(),
    purchasedOn: z.string(), warrantyEndsOn: z.string(), leaseActive: z.boolean(),
    lease: z.object({ contractId: z.string(), startsOn: z.string(), endsOn: z.string() }).optional(),
    replacesMac: z.string().optional(), replacedByMac: z.string().optional(), registeredByClaim: z.string().optional(), serial: z.string().optional(),
  }).nullable(),
  coverage: z.object({ asOf: z.string(), defect: decision, 'physical-damage': decision }).describe('what a claim reported today would record, for each fault'),
  openClaim: claimLine.nullable(), pastClaims: z.array(claimLine),
  replaced: z.array(chainLink).describe('the devices this one replaced, the most recent first'),
  replacedBy: z.array(chainLink).describe('the devices that replaced this one, the first first'),
  repeat: repeatFlag, repeatIfOpenedNow: repeatFlag.nullable(),
});
/** A device search's results. */
export const deviceListResponse = z.object({ devices: z.array(z.object({
  mac: z.string(), known: z.boolean(), accountId: z.string(), extension: z.string().nullable(), model: z.string().nullable(), modelName: z.string().nullable(),
  replacedByMac: z.string().nullable(), latestClaim: z.object({ claimId: z.string(), status: z.string(), openedAt: z.string() }).nullable(),
})) });
