/** Deadline arithmetic: return window, reminders, overdue, unreturned, business-day shipping SLA, back-order. */
import { addBusinessDays, backorderEscalationAt, returnSchedule, shippingEscalationAt, shippingSlaDueAt } from '../../../domain/deadlines';
import { DEFAULT_CLAIM_POLICY, durationMs, policyProblems, resolvePolicy } from '../../../domain/policy';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

test('default return schedule: reminders day 7 and 21, overdue day 30, unreturned day 44', () => {
  const delivered = at('2026-01-05T15:00:00Z');
  const schedule = returnSchedule(delivered, DEFAULT_CLAIM_POLICY);
  expect(schedule.reminders).toEqual([{ sequence: 1, at: delivered + 7 * DAY }, { sequence: 2, at: delivered + 21 * DAY }]);
  expect(iso(schedule.overdueAt)).toBe('2026-02-04T15:00:00.000Z');
  expect(iso(schedule.unreturnedAt)).toBe('2026-02-18T15:00:00.000Z');
});

test('a compressed policy (1 day = 1 second) scales every day-based duration', () => {
  const policy = resolvePolicy({ dayLengthMs: 1000 });
  const schedule = returnSchedule(0, policy);
  expect(schedule.reminders.map((r) => r.at)).toEqual([7000, 21000]);
  expect([schedule.overdueAt, schedule.unreturnedAt]).toEqual([30_000, 44_000]);
  expect(backorderEscalationAt(0, policy)).toBe(5000);
});

test('durations may be plain milliseconds', () => {
  expect(durationMs(1500, DEFAULT_CLAIM_POLICY)).toBe(1500);
  expect(returnSchedule(0, resolvePolicy({ returnWindow: 100, returnReminders: [10, 200], unreturnedGrace: 50 }))).toEqual({
    reminders: [{ sequence: 1, at: 10 }], overdueAt: 100, unreturnedAt: 150,
  });
});

test('resolvePolicy keeps defaults for missing or undefined overrides', () => {
  expect(resolvePolicy({ backorderEscalationAfter: undefined }).backorderEscalationAfter).toEqual({ days: 5 });
  expect(resolvePolicy().shippingSla).toEqual({ businessDays: 1 });
});

describe('shipping SLA in business days', () => {
  test('Thursday + 1 business day is Friday', () => {
    expect(iso(addBusinessDays(at('2026-12-03T10:00:00Z'), 1))).toBe('2026-12-04T10:00:00.000Z');
  });
  test('Friday + 1 business day crosses the weekend to Monday', () => {
    expect(iso(shippingSlaDueAt(at('2026-12-04T15:00:00Z'), DEFAULT_CLAIM_POLICY))).toBe('2026-12-07T15:00:00.000Z');
  });
  test('a task opened on Saturday or Sunday is due Monday', () => {
    expect(iso(addBusinessDays(at('2026-12-05T10:00:00Z'), 1))).toBe('2026-12-07T10:00:00.000Z');
    expect(iso(addBusinessDays(at('2026-12-06T10:00:00Z'), 1))).toBe('2026-12-07T10:00:00.000Z');
  });
  test('3 business days from Wednesday is Monday', () => {
    expect(iso(addBusinessDays(at('2026-12-02T09:00:00Z'), 3))).toBe('2026-12-07T09:00:00.000Z');
  });
  test('a plain-duration SLA ignores the calendar (for compressed runs)', () => {
    expect(shippingSlaDueAt(at('2026-12-04T15:00:00Z'), resolvePolicy({ shippingSla: 2000 }))).toBe(at('2026-12-04T15:00:02Z'));
  });
  test('escalation follows the SLA by the configured time (default 1 day)', () => {
    expect(shippingEscalationAt(1000, DEFAULT_CLAIM_POLICY)).toBe(1000 + DAY);
  });
});

test('back-order escalates after 5 days by default', () => {
  expect(backorderEscalationAt(at('2026-12-01T00:00:00Z'), DEFAULT_CLAIM_POLICY)).toBe(at('2026-12-06T00:00:00Z'));
});

test('policyProblems names every unusable field', () => {
  expect(policyProblems(DEFAULT_CLAIM_POLICY)).toEqual([]);
  expect(policyProblems(resolvePolicy({ shippingSla: 5000, returnReminders: [{ days: 7 }, 1000] }))).toEqual([]);
  const bad = resolvePolicy({
    dayLengthMs: 0, returnWindow: -1, returnReminders: [{ days: Number.NaN }], shippingSla: { businessDays: 1.5 },
    backorderRetryEvery: '1 day' as unknown as number,
  });
  expect(policyProblems(bad)).toEqual([
    'policy.dayLengthMs: must be a positive number',
    'policy.returnWindow: must be a non-negative number of milliseconds',
    'policy.returnReminders.0: days must be a non-negative number',
    'policy.shippingSla.businessDays: must be a whole number ≥ 0',
    'policy.backorderRetryEvery: must be milliseconds or { days }',
  ]);
});
