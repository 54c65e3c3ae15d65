/** Deadline arithmetic on epoch milliseconds: return window, reminders, overdue, unreturned, shipping SLA, back-order. */
import { durationMs, type ClaimPolicy, type SlaDuration } from './policy';

const DAY_MS = 86_400_000;

/** One reminder of the return wait: its 1-based sequence and when it is due. */
export interface ReturnReminder {
  sequence: number;
  at: number;
}

/** Every deadline of the return wait, counted from the replacement's delivery. */
export interface ReturnSchedule {
  reminders: ReturnReminder[];
  /** End of the return window: the claim becomes overdue (customer and support told). */
  overdueAt: number;
  /** The claim closes as unreturned and is flagged for billing. */
  unreturnedAt: number;
}

/** Return-wait deadlines from the delivery instant (defaults: reminders day 7 and 21, overdue day 30, unreturned day 44). */
export function returnSchedule(deliveredAt: number, policy: ClaimPolicy): ReturnSchedule {
  const overdueAt = deliveredAt + durationMs(policy.returnWindow, policy);
  return {
    reminders: policy.returnReminders
      .map((reminder, index) => ({ sequence: index + 1, at: deliveredAt + durationMs(reminder, policy) }))
      .filter((reminder) => reminder.at < overdueAt),
    overdueAt,
    unreturnedAt: overdueAt + durationMs(policy.unreturnedGrace, policy),
  };
}

/** True for Saturday and Sunday (UTC calendar). */
export function isWeekend(instant: number): boolean {
  const weekday = new Date(instant).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** True when the warehouse works that day: not a weekend, not one of `closedDays` (`YYYY-MM-DD`, UTC calendar). */
export function isBusinessDay(instant: number, closedDays: readonly string[] = []): boolean {
  return !isWeekend(instant) && !closedDays.includes(new Date(instant).toISOString().slice(0, 10));
}

/**
 * Adds whole business days (UTC calendar) keeping the time of day, skipping weekends and `closedDays`: Friday
 * 15:00 + 1 → Monday 15:00, Saturday 10:00 + 1 → Monday 10:00, Wednesday 24 Dec + 1 with 25 Dec closed → Friday 26 Dec.
 */
export function addBusinessDays(from: number, businessDays: number, closedDays: readonly string[] = []): number {
  let at = from;
  let remaining = businessDays;
  while (remaining > 0) {
    at += DAY_MS;
    if (isBusinessDay(at, closedDays)) remaining -= 1;
  }
  return at;
}

/** When something started at `from` with that SLA is due: business days follow the policy's closed days. */
export function slaDueAt(from: number, sla: SlaDuration, policy: Pick<ClaimPolicy, 'dayLengthMs' | 'closedDays'>): number {
  if (typeof sla === 'object' && 'businessDays' in sla) return addBusinessDays(from, sla.businessDays, policy.closedDays);
  return from + durationMs(sla, policy);
}

/** When the receive-return task opened on delivery at `deliveredAt` is due (default: the end of the return window). */
export function receiveReturnDueAt(deliveredAt: number, policy: ClaimPolicy): number {
  return deliveredAt + durationMs(policy.receiveReturnTaskSla ?? policy.returnWindow, policy);
}

/** When a late shipping task (reminded at `slaDueAt`) is escalated. */
export function shippingEscalationAt(slaDueAt: number, policy: ClaimPolicy): number {
  return slaDueAt + durationMs(policy.shippingEscalationAfter, policy);
}

/** When a claim back-ordered at `backorderedAt` is escalated to support. */
export function backorderEscalationAt(backorderedAt: number, policy: ClaimPolicy): number {
  return backorderedAt + durationMs(policy.backorderEscalationAfter, policy);
}
