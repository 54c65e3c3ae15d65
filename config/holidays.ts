/**
 * The warehouse's holiday calendar: public holidays from `date-holidays` (data bundled, works offline) for a
 * country or country-state, plus extra closed days. Computed in Node (the library pulls in time-zone data and is
 * no workflow code): the claim gets the resolved list of closed days in its policy.
 */
import Holidays from 'date-holidays';

/** A holiday calendar setting: `US-TX` (country-state), `US` (country) or `none`. */
export interface HolidayCalendar {
  country?: string;
  state?: string;
}

/** Why `setting` names no calendar the library knows, or undefined when it does (`none` is fine). */
export function holidayCalendarProblem(setting: string): string | undefined {
  if (setting === 'none') return undefined;
  const [country, state, extra] = setting.split('-');
  const known = new Holidays();
  if (!country || extra !== undefined || !known.getCountries()[country]) return `must be a country code (e.g. US), country-state (e.g. US-TX) or none, got '${setting}'`;
  if (state && !known.getStates(country)?.[state]) return `${country} has no state or region '${state}' in the holiday calendar`;
  return undefined;
}

/** Parses a setting checked by `holidayCalendarProblem`. */
export function parseHolidayCalendar(setting: string): HolidayCalendar {
  if (setting === 'none') return {};
  const [country, state] = setting.split('-');
  return { country, ...(state ? { state } : {}) };
}

/** The public holidays (`YYYY-MM-DD`, sorted, distinct) of the calendar in the given years. */
export function publicHolidays(calendar: HolidayCalendar, years: readonly number[]): string[] {
  if (!calendar.country) return [];
  const holidays = calendar.state ? new Holidays(calendar.country, calendar.state) : new Holidays(calendar.country);
  const days = years.flatMap((year) => (holidays.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
  return [...new Set(days)].sort();
}
