/** The claim policy: every duration the lifecycle uses, defaulting to the spec's numbers, all configurable. */
import { isIsoDate } from './dates';

/** A duration: plain milliseconds, or a number of policy days (scaled by `ClaimPolicy.dayLengthMs`). */
export type PolicyDuration = number | { days: number };

/** An SLA: business days (weekends and the warehouse's closed days skipped), or a plain duration (compressed runs). */
export type SlaDuration = { businessDays: number } | PolicyDuration;

/** Every duration of the claim lifecycle, and the warehouse calendar its business days follow. */
export interface ClaimPolicy {
  /** Length of one policy day in ms; a benchmark compresses every `{ days }` duration by lowering it. */
  dayLengthMs: number;
  /** How long after the replacement's delivery the defective device must be returned. */
  returnWindow: PolicyDuration;
  /** Reminders sent when no return scan has been seen, counted from delivery, in order. */
  returnReminders: PolicyDuration[];
  /** After the return window ends (overdue), how long until the claim closes as unreturned. */
  unreturnedGrace: PolicyDuration;
  /** Time the shipping department has to hand the replacement to the carrier. */
  shippingSla: SlaDuration;
  /** After a late shipping task has been reminded, how long until it is escalated. */
  shippingEscalationAfter: PolicyDuration;
  /** How long a back-ordered claim waits before it is escalated to support. */
  backorderEscalationAfter: PolicyDuration;
  /** How often a back-ordered claim re-tries the reservation without a restock signal (similar models too). */
  backorderRetryEvery: PolicyDuration;
  /** SLA of the supervisor's review task (unknown device). */
  reviewTaskSla: SlaDuration;
  /** SLA of support's fix-address task (the carrier refused the ship-to address or the shipment). */
  addressFixTaskSla: SlaDuration;
  /** SLA of support's back-order escalation task. */
  backorderTaskSla: SlaDuration;
  /** The receive-return task is due this long after delivery; null: at the end of the return window. */
  receiveReturnTaskSla: PolicyDuration | null;
  /** While the carrier refuses the product's credentials (`CarrierConfiguration`), how often the claim tries the label again. */
  carrierRetryEvery: PolicyDuration;
  /** Days the warehouse is closed besides weekends (`YYYY-MM-DD`, UTC calendar), skipped by business days. */
  closedDays: string[];
  /** Where the closed days come from, for people (e.g. `US-TX public holidays 2026–2027, 1 extra closed day`). */
  calendar?: string;
  /** Identifies the values (a hash), recorded on the claim; absent on claims opened with an unversioned policy. */
  version?: string;
  /** Upsert the ClaimStatus/DeviceMac/Extension search attributes (needs them registered on the server). */
  searchAttributes: boolean;
}

/** The spec's defaults: 30-day return window, reminders at 7 and 21, 14 days' grace, 1 business day SLAs, 5-day back-order. */
export const DEFAULT_CLAIM_POLICY: ClaimPolicy = {
  dayLengthMs: 86_400_000,
  returnWindow: { days: 30 },
  returnReminders: [{ days: 7 }, { days: 21 }],
  unreturnedGrace: { days: 14 },
  shippingSla: { businessDays: 1 },
  shippingEscalationAfter: { days: 1 },
  backorderEscalationAfter: { days: 5 },
  backorderRetryEvery: { days: 1 },
  reviewTaskSla: { businessDays: 1 },
  addressFixTaskSla: { businessDays: 1 },
  backorderTaskSla: { businessDays: 1 },
  receiveReturnTaskSla: null,
  carrierRetryEvery: 600_000,
  closedDays: [],
  searchAttributes: true,
};

/** The defaults overlaid with the given overrides (undefined fields keep the default). */
export function resolvePolicy(overrides: Partial<ClaimPolicy> = {}): ClaimPolicy {
  const resolved: ClaimPolicy = { ...DEFAULT_CLAIM_POLICY };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  return resolved;
}

/** The duration in milliseconds under the policy's day length. */
export function durationMs(duration: PolicyDuration, policy: Pick<ClaimPolicy, 'dayLengthMs'>): number {
  return typeof duration === 'number' ? duration : duration.days * policy.dayLengthMs;
}

/** Why a duration is unusable, or undefined when it is a non-negative finite number of ms or `{ days }`. */
function durationProblem(value: unknown): string | undefined {
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (typeof value === 'number') return ok(value) ? undefined : 'must be a non-negative number of milliseconds';
  if (typeof value === 'object' && value !== null && 'days' in value) return ok(value.days) ? undefined : 'days must be a non-negative number';
  return 'must be milliseconds or { days }';
}

/** Why an SLA named `field` is unusable (`{ businessDays }` must be a whole number ≥ 0), as `field[.businessDays]: reason`. */
function slaProblem(field: string, value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'businessDays' in value) {
    return Number.isInteger(value.businessDays) && (value.businessDays as number) >= 0 ? undefined : `${field}.businessDays: must be a whole number ≥ 0`;
  }
  const problem = durationProblem(value);
  return problem && `${field}: ${problem}`;
}

/** Every problem of a resolved policy as `policy.<field>: reason` (empty when usable). */
export function policyProblems(policy: ClaimPolicy): string[] {
  const problems: string[] = [];
  const check = (field: string, problem: string | undefined) => {
    if (problem) problems.push(`policy.${field}: ${problem}`);
  };
  if (!(typeof policy.dayLengthMs === 'number' && policy.dayLengthMs > 0)) problems.push('policy.dayLengthMs: must be a positive number');
  check('returnWindow', durationProblem(policy.returnWindow));
  if (!Array.isArray(policy.returnReminders)) problems.push('policy.returnReminders: must be a list of durations');
  else policy.returnReminders.forEach((reminder, index) => check(`returnReminders.${index}`, durationProblem(reminder)));
  check('unreturnedGrace', durationProblem(policy.unreturnedGrace));
  for (const field of ['shippingSla', 'reviewTaskSla', 'addressFixTaskSla', 'backorderTaskSla'] as const) {
    const problem = slaProblem(field, policy[field]);
    if (problem) problems.push(`policy.${problem}`);
  }
  for (const field of ['shippingEscalationAfter', 'backorderEscalationAfter', 'backorderRetryEvery', 'carrierRetryEvery'] as const) {
    check(field, durationProblem(policy[field]));
  }
  if (policy.receiveReturnTaskSla !== null) check('receiveReturnTaskSla', durationProblem(policy.receiveReturnTaskSla));
  if (!Array.isArray(policy.closedDays) || !policy.closedDays.every((day) => typeof day === 'string' && isIsoDate(day))) {
    problems.push('policy.closedDays: must be a list of YYYY-MM-DD dates');
  }
  if (typeof policy.searchAttributes !== 'boolean') problems.push('policy.searchAttributes: must be true or false');
  return problems;
}

/** A duration as the settings write it: `30d`, `1bd` (business days), `10m`, `90s`, `250ms`; null → `return-window`. */
export function formatDuration(duration: SlaDuration | null): string {
  if (duration === null) return 'return-window';
  if (typeof duration === 'object' && duration !== null) return 'businessDays' in duration ? `${duration.businessDays}bd` : `${duration.days}d`;
  for (const [unit, ms] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (duration >= ms && duration % ms === 0) return `${duration / ms}${unit}`;
  return `${duration}ms`;
}

/** The policy's durations as people read them (`returnWindow: 30d`, `returnReminders: 7d, 21d`, …). */
export function describePolicy(policy: ClaimPolicy): Record<string, string> {
  return {
    returnWindow: formatDuration(policy.returnWindow),
    returnReminders: Array.isArray(policy.returnReminders) ? policy.returnReminders.map(formatDuration).join(', ') : String(policy.returnReminders),
    unreturnedGrace: formatDuration(policy.unreturnedGrace),
    shippingSla: formatDuration(policy.shippingSla),
    shippingEscalationAfter: formatDuration(policy.shippingEscalationAfter),
    backorderEscalationAfter: formatDuration(policy.backorderEscalationAfter),
    backorderRetryEvery: formatDuration(policy.backorderRetryEvery),
    reviewTaskSla: formatDuration(policy.reviewTaskSla),
    addressFixTaskSla: formatDuration(policy.addressFixTaskSla),
    backorderTaskSla: formatDuration(policy.backorderTaskSla),
    receiveReturnTaskSla: formatDuration(policy.receiveReturnTaskSla),
    carrierRetryEvery: formatDuration(policy.carrierRetryEvery),
  };
}

/** What a claim records of the policy it started with: its version, calendar and durations as people read them. */
export interface ClaimPolicySummary {
  /** Hash of the values; null for a claim opened with an unversioned policy (built-in defaults or a test's overrides). */
  version: string | null;
  calendar: string | null;
  durations: Record<string, string>;
}

/** The summary a claim records (`ClaimState.policy`, the read model's `policy`). */
export function policySummary(policy: ClaimPolicy): ClaimPolicySummary {
  return { version: policy.version ?? null, calendar: policy.calendar ?? null, durations: describePolicy(policy) };
}
