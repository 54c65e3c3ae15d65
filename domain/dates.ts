/** Calendar-date helpers on `YYYY-MM-DD` strings (UTC, no time zone arithmetic). */
import type { IsoDate, IsoInstant } from './types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (rejects 2025-02-29). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Number of days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Same calendar date `years` later; a date that does not exist then (29 Feb) becomes the month's last day (28 Feb). */
export function addYears(date: IsoDate, years: number): IsoDate {
  const match = ISO_DATE.exec(date);
  if (!match) throw new Error(`"${date}" is not a YYYY-MM-DD date`);
  const year = Number(match[1]) + years;
  const month = Number(match[2]);
  const day = Math.min(Number(match[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${match[2]}-${String(day).padStart(2, '0')}`;
}

/** The UTC calendar date of an instant (`2026-11-29T23:10:00.000Z` → `2026-11-29`). */
export function utcDateOf(instant: IsoInstant | number): IsoDate {
  return new Date(instant).toISOString().slice(0, 10);
}
