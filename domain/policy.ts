/** The claim policy: every duration the lifecycle uses, defaulting to the spec's numbers, all configurable. */

/** A duration: plain milliseconds, or a number of policy days (scaled by `ClaimPolicy.dayLengthMs`). */
export type PolicyDuration = number | { days: number };

/** The shipping SLA: business days on the real calendar (Mon–Fri), or a plain duration (for compressed runs). */
export type ShippingSla = { businessDays: number } | PolicyDuration;

/** Every duration of the claim lifecycle. */
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
  shippingSla: ShippingSla;
  /** After a late shipping task has been reminded, how long until it is escalated. */
  shippingEscalationAfter: PolicyDuration;
  /** How long a back-ordered claim waits before it is escalated to support. */
  backorderEscalationAfter: PolicyDuration;
  /** How often a back-ordered claim re-tries the reservation without a restock signal (similar models too). */
  backorderRetryEvery: PolicyDuration;
  /** Upsert the ClaimStatus/DeviceMac/Extension search attributes (needs them registered on the server). */
  searchAttributes: boolean;
}

/** The spec's defaults: 30-day return window, reminders at 7 and 21, 14 days' grace, 1 business day SLA, 5-day back-order. */
export const DEFAULT_CLAIM_POLICY: ClaimPolicy = {
  dayLengthMs: 86_400_000,
  returnWindow: { days: 30 },
  returnReminders: [{ days: 7 }, { days: 21 }],
  unreturnedGrace: { days: 14 },
  shippingSla: { businessDays: 1 },
  shippingEscalationAfter: { days: 1 },
  backorderEscalationAfter: { days: 5 },
  backorderRetryEvery: { days: 1 },
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

/** Every problem of a resolved policy as `policy.<field>: reason` (empty when usable). */
export function policyProblems(policy: ClaimPolicy): string[] {
  const problems: string[] = [];
  const check = (field: string, value: unknown) => {
    const problem = durationProblem(value);
    if (problem) problems.push(`policy.${field}: ${problem}`);
  };
  if (!(typeof policy.dayLengthMs === 'number' && policy.dayLengthMs > 0)) problems.push('policy.dayLengthMs: must be a positive number');
  check('returnWindow', policy.returnWindow);
  if (!Array.isArray(policy.returnReminders)) problems.push('policy.returnReminders: must be a list of durations');
  else policy.returnReminders.forEach((reminder, index) => check(`returnReminders.${index}`, reminder));
  check('unreturnedGrace', policy.unreturnedGrace);
  const sla = policy.shippingSla as unknown;
  if (typeof sla === 'object' && sla !== null && 'businessDays' in sla) {
    if (!(Number.isInteger(sla.businessDays) && (sla.businessDays as number) >= 0)) problems.push('policy.shippingSla.businessDays: must be a whole number ≥ 0');
  } else check('shippingSla', sla);
  check('shippingEscalationAfter', policy.shippingEscalationAfter);
  check('backorderEscalationAfter', policy.backorderEscalationAfter);
  check('backorderRetryEvery', policy.backorderRetryEvery);
  if (typeof policy.searchAttributes !== 'boolean') problems.push('policy.searchAttributes: must be true or false');
  return problems;
}
