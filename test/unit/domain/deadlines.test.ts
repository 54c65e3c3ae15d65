/** Deadline arithmetic: return window, reminders, overdue, unreturned, business-day shipping SLA, back-order. */
import { addBusinessDays, backorderEscalationAt, isBusinessDay, receiveReturnDueAt, returnSchedule, shippingEscalationAt, slaDueAt } from '../../../domain/deadlines';
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
    expect(iso(slaDueAt(at('2026-12-04T15:00:00Z'), DEFAULT_CLAIM_POLICY.shippingSla, DEFAULT_CLAIM_POLICY))).toBe('2026-12-07T15:00:00.000Z');
  });
  test('a task opened on Saturday or Sunday is due Monday', () => {
    expect(iso(addBusinessDays(at('2026-12-05T10:00:00Z'), 1))).toBe('2026-12-07T10:00:00.000Z');
    expect(iso(addBusinessDays(at('2026-12-06T10:00:00Z'), 1))).toBe('2026-12-07T10:00:00.000Z');
  });
  test('3 business days from Wednesday is Monday', () => {
    expect(iso(addBusinessDays(at('2026-12-02T09:00:00Z'), 3))).toBe('2026-12-07T09:00:00.000Z');
  });
  test('a plain-duration SLA ignores the calendar (for compressed runs)', () => {
    expect(slaDueAt(at('2026-12-04T15:00:00Z'), 2000, DEFAULT_CLAIM_POLICY)).toBe(at('2026-12-04T15:00:02Z'));
  });
  test('closed days are skipped like weekends: Wed 24 Dec + 1 with 25 Dec closed is Fri 26 Dec', () => {
    const closedDays = ['2025-12-25'];
    expect(iso(addBusinessDays(at('2025-12-24T10:00:00Z'), 1, closedDays))).toBe('2025-12-26T10:00:00.000Z');
    expect(iso(slaDueAt(at('2025-12-24T10:00:00Z'), { businessDays: 2 }, resolvePolicy({ closedDays: ['2025-12-25', '2025-12-26'] }))))
      .toBe('2025-12-30T10:00:00.000Z');
    expect(isBusinessDay(at('2025-12-25T23:59:00Z'), closedDays)).toBe(false);
    expect(isBusinessDay(at('2025-12-26T00:00:00Z'), closedDays)).toBe(true);
  });
  test('a closed day on a weekend changes nothing; a run of closed days is crossed', () => {
    expect(iso(addBusinessDays(at('2026-12-04T15:00:00Z'), 1, ['2026-12-05']))).toBe('2026-12-07T15:00:00.000Z');
    expect(iso(addBusinessDays(at('2026-12-04T15:00:00Z'), 1, ['2026-12-07', '2026-12-08', '2026-12-09']))).toBe('2026-12-10T15:00:00.000Z');
  });
  test('0 business days is now, even on a closed day', () => {
    expect(addBusinessDays(at('2025-12-25T10:00:00Z'), 0, ['2025-12-25'])).toBe(at('2025-12-25T10:00:00Z'));
  });
  test('escalation follows the SLA by the configured time (default 1 day)', () => {
    expect(shippingEscalationAt(1000, DEFAULT_CLAIM_POLICY)).toBe(1000 + DAY);
  });
});

test('back-order escalates after 5 days by default', () => {
  expect(backorderEscalationAt(at('2026-12-01T00:00:00Z'), DEFAULT_CLAIM_POLICY)).toBe(at('2026-12-06T00:00:00Z'));
});

test('task SLAs default to 1 business day; the receive-return task is due at the end of the return window unless set', () => {
  const policy = resolvePolicy({ returnWindow: { days: 45 } });
  expect([policy.reviewTaskSla, policy.addressFixTaskSla, policy.backorderTaskSla]).toEqual([{ businessDays: 1 }, { businessDays: 1 }, { businessDays: 1 }]);
  expect(receiveReturnDueAt(0, policy)).toBe(45 * DAY);
  expect(receiveReturnDueAt(0, resolvePolicy({ receiveReturnTaskSla: { days: 60 } }))).toBe(60 * DAY);
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
  expect(policyProblems(resolvePolicy({
    reviewTaskSla: { businessDays: -1 }, receiveReturnTaskSla: -5, carrierRetryEvery: Number.POSITIVE_INFINITY, closedDays: ['2025-02-29'],
  }))).toEqual([
    'policy.reviewTaskSla.businessDays: must be a whole number ≥ 0',
    'policy.carrierRetryEvery: must be a non-negative number of milliseconds',
    'policy.receiveReturnTaskSla: must be a non-negative number of milliseconds',
    'policy.closedDays: must be a list of YYYY-MM-DD dates',
  ]);
});
