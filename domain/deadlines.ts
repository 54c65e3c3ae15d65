/** Deadline arithmetic on epoch milliseconds: return window, reminders, overdue, unreturned, shipping SLA, back-order. */
import { durationMs, type ClaimPolicy } from './policy';

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

/**
 * Adds whole business days (Mon–Fri, UTC calendar) keeping the time of day: Friday 15:00 + 1 → Monday 15:00,
 * Saturday 10:00 + 1 → Monday 10:00. Public holidays are not modelled.
 */
export function addBusinessDays(from: number, businessDays: number): number {
  let at = from;
  let remaining = businessDays;
  while (remaining > 0) {
    at += DAY_MS;
    if (!isWeekend(at)) remaining -= 1;
  }
  return at;
}

/** When the pick-pack-ship task opened at `openedAt` is due under the policy's shipping SLA. */
export function shippingSlaDueAt(openedAt: number, policy: ClaimPolicy): number {
  const sla = policy.shippingSla;
  if (typeof sla === 'object' && 'businessDays' in sla) return addBusinessDays(openedAt, sla.businessDays);
  return openedAt + durationMs(sla, policy);
}

/** When a late shipping task (reminded at `slaDueAt`) is escalated. */
export function shippingEscalationAt(slaDueAt: number, policy: ClaimPolicy): number {
  return slaDueAt + durationMs(policy.shippingEscalationAfter, policy);
}

/** When a claim back-ordered at `backorderedAt` is escalated to support. */
export function backorderEscalationAt(backorderedAt: number, policy: ClaimPolicy): number {
  return backorderedAt + durationMs(policy.backorderEscalationAfter, policy);
}
