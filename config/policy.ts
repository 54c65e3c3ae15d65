/**
 * Policy as configuration: every duration of the claim policy and the task SLAs (`POLICY_*`), and the warehouse's
 * holiday calendar (`WAREHOUSE_HOLIDAYS`, `WAREHOUSE_CLOSED_DAYS`). Parsed with the rest of the environment
 * (config/env.ts), so a bad value stops start-up naming the variable. `createPolicySource` gives the policy a claim
 * opened now starts with: the values, the closed days of its horizon and a version (hash of the values).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { DEFAULT_CLAIM_POLICY, durationMs, type ClaimPolicy, type PolicyDuration, type SlaDuration } from '../domain/policy';
import { holidayCalendarProblem, parseHolidayCalendar, publicHolidays } from './holidays';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|bd)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Parses `30d`, `12h`, `90m`, `45s`, `500ms` and, when `businessDays`, `1bd` (whole business days); undefined if neither. */
export function parseDuration(text: string, businessDays: boolean): SlaDuration | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MS | 'd' | 'bd';
  if (unit === 'bd') return businessDays && Number.isInteger(amount) ? { businessDays: amount } : undefined;
  if (unit === 'd') return { days: amount };
  return Math.round(amount * UNIT_MS[unit]);
}

function positive(value: SlaDuration): boolean {
  if (typeof value === 'object' && 'businessDays' in value) return value.businessDays > 0;
  return durationMs(value, DEFAULT_CLAIM_POLICY) > 0;
}

/** A setting holding one duration (`bd` allowed for SLAs), more than 0. */
function durationSetting<T extends SlaDuration>(businessDays: boolean) {
  const expected = businessDays ? 'a duration such as 1bd (business days), 2d, 8h or 30m' : 'a duration such as 30d, 12h, 30m or 90s';
  return z.string().transform((text, ctx): T => {
    const parsed = parseDuration(text, businessDays);
    if (parsed === undefined) ctx.addIssue({ code: 'custom', message: `must be ${expected}, got '${text}'` });
    else if (!positive(parsed)) ctx.addIssue({ code: 'custom', message: 'must be more than 0' });
    return parsed as T;
  });
}

const list = (text: string) => text.split(',').map((item) => item.trim()).filter((item) => item !== '');

/** Every policy setting with its default (the spec's numbers). */
export const policyEnvShape = {
  /** Return window, counted from the replacement's delivery. */
  POLICY_RETURN_WINDOW: durationSetting<PolicyDuration>(false).prefault('30d'),
  /** Return reminders, counted from delivery, comma-separated, ascending, each before the end of the window. */
  POLICY_RETURN_REMINDERS: z.string().transform((text, ctx) => list(text).map((item, index) => {
    const parsed = parseDuration(item, false);
    if (parsed === undefined || !positive(parsed)) ctx.addIssue({ code: 'custom', message: `reminder ${index + 1}: must be a duration more than 0 such as 7d, got '${item}'` });
    return parsed as PolicyDuration;
  })).prefault('7d,21d'),
  /** After the window (overdue), until the claim closes as unreturned. */
  POLICY_UNRETURNED_GRACE: durationSetting<PolicyDuration>(false).prefault('14d'),
  /** The shipping department's pick-pack-ship SLA. */
  POLICY_SHIPPING_SLA: durationSetting<SlaDuration>(true).prefault('1bd'),
  /** After a late shipping task is reminded, until it is escalated. */
  POLICY_SHIPPING_ESCALATION_AFTER: durationSetting<PolicyDuration>(false).prefault('1d'),
  /** A back-ordered claim is escalated to support after this. */
  POLICY_BACKORDER_ESCALATION_AFTER: durationSetting<PolicyDuration>(false).prefault('5d'),
  /** A back-ordered claim re-tries the reservation this often (catches up lost restock signals). */
  POLICY_BACKORDER_RETRY_EVERY: durationSetting<PolicyDuration>(false).prefault('1d'),
  /** The supervisor's review task (unknown device). */
  POLICY_REVIEW_TASK_SLA: durationSetting<SlaDuration>(true).prefault('1bd'),
  /** Support's fix-address task. */
  POLICY_ADDRESS_FIX_TASK_SLA: durationSetting<SlaDuration>(true).prefault('1bd'),
  /** Support's back-order escalation task. */
  POLICY_BACKORDER_TASK_SLA: durationSetting<SlaDuration>(true).prefault('1bd'),
  /** The shipping department's receive-return task, counted from delivery; `return-window`: due when the window ends. */
  POLICY_RECEIVE_RETURN_TASK_SLA: z.union([z.literal('return-window').transform(() => null), durationSetting<PolicyDuration>(false)])
    .prefault('return-window'),
  /** While the carrier refuses the product's credentials, a waiting claim tries its label again this often. */
  POLICY_CARRIER_RETRY_EVERY: durationSetting<PolicyDuration>(false).prefault('10m'),
  /** Public holidays the warehouse closes on: `US-TX`, `US` or `none`; default: WAREHOUSE_COUNTRY-WAREHOUSE_STATE. */
  WAREHOUSE_HOLIDAYS: z.string().transform((setting, ctx) => {
    const problem = holidayCalendarProblem(setting);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    return setting;
  }).optional(),
  /** Extra days the warehouse is closed, comma-separated `YYYY-MM-DD`. */
  WAREHOUSE_CLOSED_DAYS: z.string().transform((text, ctx) => list(text).map((day) => {
    if (!isIsoDate(day)) ctx.addIssue({ code: 'custom', message: `must be YYYY-MM-DD dates separated by commas, got '${day}'` });
    return day;
  })).prefault(''),
};

/** The parsed policy settings (plus the warehouse address fields the calendar defaults to). */
export type PolicySettings = z.output<z.ZodObject<typeof policyEnvShape>> & { WAREHOUSE_COUNTRY: string; WAREHOUSE_STATE: string };

/** Rules across policy settings, as `VARIABLE: reason` (checked only on values that parsed). */
export function policySettingProblems(settings: Partial<PolicySettings>): string[] {
  const { POLICY_RETURN_WINDOW: window, POLICY_RETURN_REMINDERS: reminders } = settings;
  if (!window || !reminders || reminders.some((r) => r === undefined)) return [];
  const ms = (d: PolicyDuration) => durationMs(d, DEFAULT_CLAIM_POLICY);
  const problems: string[] = [];
  reminders.forEach((reminder, index) => {
    if (index > 0 && ms(reminder) <= ms(reminders[index - 1]!)) problems.push(`POLICY_RETURN_REMINDERS: reminder ${index + 1} must come after reminder ${index}`);
    if (ms(reminder) >= ms(window)) problems.push(`POLICY_RETURN_REMINDERS: reminder ${index + 1} must come before the end of the return window (POLICY_RETURN_WINDOW)`);
  });
  return problems;
}

/** The holiday calendar in force: WAREHOUSE_HOLIDAYS, else the warehouse's country-state when the library knows it. */
export function holidayCalendarSetting(settings: Pick<PolicySettings, 'WAREHOUSE_HOLIDAYS' | 'WAREHOUSE_COUNTRY' | 'WAREHOUSE_STATE'>): string {
  if (settings.WAREHOUSE_HOLIDAYS) return settings.WAREHOUSE_HOLIDAYS;
  const countryState = `${settings.WAREHOUSE_COUNTRY}-${settings.WAREHOUSE_STATE}`;
  if (!holidayCalendarProblem(countryState)) return countryState;
  return holidayCalendarProblem(settings.WAREHOUSE_COUNTRY) ? 'none' : settings.WAREHOUSE_COUNTRY;
}

/** The version of a policy: the first 12 hex digits of the SHA-256 of its values (without `version`). */
export function policyVersion(policy: ClaimPolicy): string {
  const { version: _version, ...values } = policy;
  return createHash('sha256').update(canonicalJson(values)).digest('hex').slice(0, 12);
}

/** JSON with object keys sorted at every level, so equal values always hash alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Gives the policy of a claim opened at a given time: the settings, the closed days of that year and the next, a version. */
export interface PolicySource {
  policyAt(now: Date): ClaimPolicy;
}

/** Builds the source from the parsed settings; the closed days are computed once per calendar year. */
export function createPolicySource(settings: PolicySettings): PolicySource {
  const calendar = holidayCalendarSetting(settings);
  const byYear = new Map<number, ClaimPolicy>();
  return {
    policyAt(now) {
      const year = now.getUTCFullYear();
      const cached = byYear.get(year);
      if (cached) return cached;
      const years = [year, year + 1];
      const holidays = publicHolidays(parseHolidayCalendar(calendar), years);
      const extra = settings.WAREHOUSE_CLOSED_DAYS;
      const policy: ClaimPolicy = {
        ...DEFAULT_CLAIM_POLICY,
        returnWindow: settings.POLICY_RETURN_WINDOW,
        returnReminders: settings.POLICY_RETURN_REMINDERS,
        unreturnedGrace: settings.POLICY_UNRETURNED_GRACE,
        shippingSla: settings.POLICY_SHIPPING_SLA,
        shippingEscalationAfter: settings.POLICY_SHIPPING_ESCALATION_AFTER,
        backorderEscalationAfter: settings.POLICY_BACKORDER_ESCALATION_AFTER,
        backorderRetryEvery: settings.POLICY_BACKORDER_RETRY_EVERY,
        reviewTaskSla: settings.POLICY_REVIEW_TASK_SLA,
        addressFixTaskSla: settings.POLICY_ADDRESS_FIX_TASK_SLA,
        backorderTaskSla: settings.POLICY_BACKORDER_TASK_SLA,
        receiveReturnTaskSla: settings.POLICY_RECEIVE_RETURN_TASK_SLA,
        carrierRetryEvery: settings.POLICY_CARRIER_RETRY_EVERY,
        closedDays: [...new Set([...holidays, ...extra])].sort(),
        calendar: `${calendar === 'none' ? 'no public holidays' : `${calendar} public holidays ${years[0]}–${years[1]}`}` +
          `${extra.length ? `, ${extra.length} extra closed day${extra.length === 1 ? '' : 's'}` : ''}`,
      };
      const versioned = { ...policy, version: policyVersion(policy) };
      byYear.set(year, versioned);
      return versioned;
    },
  };
}
