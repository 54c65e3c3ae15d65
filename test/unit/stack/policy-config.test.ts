/** Policy as configuration: POLICY_* durations, task SLAs and the holiday calendar, parsed with zod at start. */
import { ConfigError, loadConfig } from '../../../config/env';
import { holidayCalendarProblem, publicHolidays } from '../../../config/holidays';
import { createPolicySource, parseDuration, policyVersion } from '../../../config/policy';
import { slaDueAt } from '../../../domain/deadlines';
import { DEFAULT_CLAIM_POLICY, describePolicy, formatDuration, policyProblems } from '../../../domain/policy';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
};
const at2026 = new Date('2026-03-02T12:00:00Z');

test('durations: d → policy days, bd → business days (SLAs only), h/m/s/ms → milliseconds', () => {
  expect(parseDuration('30d', false)).toEqual({ days: 30 });
  expect(parseDuration('1.5d', false)).toEqual({ days: 1.5 });
  expect(parseDuration('1bd', true)).toEqual({ businessDays: 1 });
  expect(parseDuration('1bd', false)).toBeUndefined();
  expect(parseDuration('1.5bd', true)).toBeUndefined();
  expect(parseDuration('12h', false)).toBe(43_200_000);
  expect(parseDuration('90m', false)).toBe(5_400_000);
  expect(parseDuration('2s', false)).toBe(2000);
  expect(parseDuration(' 250ms ', false)).toBe(250);
  expect(parseDuration('30 days', false)).toBeUndefined();
  expect(parseDuration('-3d', false)).toBeUndefined();
  expect(['30d', '1bd', '10m', '2h', '90s', '250ms', 'return-window'].map((text) =>
    formatDuration(text === 'return-window' ? null : parseDuration(text, true)!))).toEqual(['30d', '1bd', '10m', '2h', '90s', '250ms', 'return-window']);
});

test('no settings: the spec defaults, US-TX public holidays for the default Richardson, TX warehouse', () => {
  const policy = createPolicySource(loadConfig({})).policyAt(at2026);
  const { closedDays, calendar, version, ...values } = policy;
  const { closedDays: _none, ...defaults } = DEFAULT_CLAIM_POLICY;
  expect(values).toEqual(defaults);
  expect(calendar).toBe('US-TX public holidays 2026–2027');
  expect(closedDays).toEqual(expect.arrayContaining(['2026-01-01', '2026-07-03', '2026-11-26', '2026-12-25', '2027-01-01']));
  expect(closedDays.every((day) => day.startsWith('2026') || day.startsWith('2027'))).toBe(true);
  expect(version).toMatch(/^[0-9a-f]{12}$/);
  expect(policyProblems(policy)).toEqual([]);
});

test('a 45-day window with reminders at 10 and 40, and task SLAs, change the policy and its version', () => {
  const config = loadConfig({
    POLICY_RETURN_WINDOW: '45d', POLICY_RETURN_REMINDERS: '10d, 40d', POLICY_REVIEW_TASK_SLA: '4h', POLICY_ADDRESS_FIX_TASK_SLA: '2bd',
    POLICY_RECEIVE_RETURN_TASK_SLA: '60d', POLICY_CARRIER_RETRY_EVERY: '30s', WAREHOUSE_HOLIDAYS: 'none', WAREHOUSE_CLOSED_DAYS: '2026-12-24,2026-12-31',
  });
  const policy = createPolicySource(config).policyAt(at2026);
  expect(describePolicy(policy)).toMatchObject({
    returnWindow: '45d', returnReminders: '10d, 40d', reviewTaskSla: '4h', addressFixTaskSla: '2bd', receiveReturnTaskSla: '60d', carrierRetryEvery: '30s',
  });
  expect(policy.closedDays).toEqual(['2026-12-24', '2026-12-31']);
  expect(policy.calendar).toBe('no public holidays, 2 extra closed days');
  expect(policy.version).not.toBe(createPolicySource(loadConfig({})).policyAt(at2026).version);
  expect(policy.version).toBe(policyVersion(policy));
});

test('business days follow the calendar: Tue 23 Dec 2025 + 1bd is Mon 29 Dec under US-TX (24–26 Dec closed), Wed 24 Dec without it', () => {
  const due = (holidays: string) => {
    const policy = createPolicySource(loadConfig({ WAREHOUSE_HOLIDAYS: holidays })).policyAt(new Date('2025-12-23T10:00:00Z'));
    return new Date(slaDueAt(Date.parse('2025-12-23T10:00:00Z'), { businessDays: 1 }, policy)).toISOString();
  };
  expect(due('US-TX')).toBe('2025-12-29T10:00:00.000Z');
  expect(due('none')).toBe('2025-12-24T10:00:00.000Z');
  expect(publicHolidays({ country: 'US', state: 'TX' }, [2026])).toContain('2026-11-27');
  expect(publicHolidays({}, [2026])).toEqual([]);
});

test('every bad policy value is listed in one message, naming the variable', () => {
  expect(problemsOf({
    POLICY_RETURN_WINDOW: 'forty-five', POLICY_RETURN_REMINDERS: '10d,soon', POLICY_SHIPPING_SLA: '0bd', POLICY_BACKORDER_RETRY_EVERY: '0s',
    POLICY_UNRETURNED_GRACE: '2bd', WAREHOUSE_HOLIDAYS: 'US-QQ', WAREHOUSE_CLOSED_DAYS: '2026-02-30',
  })).toEqual([
    "POLICY_RETURN_WINDOW: must be a duration such as 30d, 12h, 30m or 90s, got 'forty-five'",
    "POLICY_RETURN_REMINDERS: reminder 2: must be a duration more than 0 such as 7d, got 'soon'",
    "POLICY_UNRETURNED_GRACE: must be a duration such as 30d, 12h, 30m or 90s, got '2bd'",
    'POLICY_SHIPPING_SLA: must be more than 0',
    'POLICY_BACKORDER_RETRY_EVERY: must be more than 0',
    "WAREHOUSE_HOLIDAYS: US has no state or region 'QQ' in the holiday calendar",
    "WAREHOUSE_CLOSED_DAYS: must be YYYY-MM-DD dates separated by commas, got '2026-02-30'",
  ]);
  expect(problemsOf({ POLICY_RETURN_WINDOW: '30d', POLICY_RETURN_REMINDERS: '21d,7d,30d' })).toEqual([
    'POLICY_RETURN_REMINDERS: reminder 2 must come after reminder 1',
    'POLICY_RETURN_REMINDERS: reminder 3 must come before the end of the return window (POLICY_RETURN_WINDOW)',
  ]);
  expect(holidayCalendarProblem('Texas')).toMatch(/must be a country code/);
  expect(holidayCalendarProblem('none')).toBeUndefined();
});

test('the calendar falls back to the country when the warehouse state is not a known region', () => {
  const policy = createPolicySource(loadConfig({ WAREHOUSE_STATE: 'Texas' })).policyAt(at2026);
  expect(policy.calendar).toBe('US public holidays 2026–2027');
});
