/** Date formatting for emails: the customer's locale and time zone when known, else en-US and UTC. */

/** Where and how the reader reads dates. */
export interface ReaderLocale {
  locale: string;
  timeZone: string;
}

/** The default when the claim has no locale or time zone. */
export const DEFAULT_READER: ReaderLocale = { locale: 'en-US', timeZone: 'UTC' };

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Formats an ISO date (`YYYY-MM-DD`, a calendar day: shown as that day everywhere) or an ISO instant
 * (shown as the day it is in the reader's time zone), e.g. `Tuesday, December 29, 2026`.
 */
export function formatDay(value: string, reader: ReaderLocale): string {
  const calendar = CALENDAR_DATE.test(value);
  const date = new Date(calendar ? `${value}T12:00:00.000Z` : value);
  return new Intl.DateTimeFormat(reader.locale, {
    dateStyle: 'full',
    timeZone: calendar ? 'UTC' : reader.timeZone,
  }).format(date);
}

/**
 * Formats an ISO instant as a day and time in the reader's time zone with the zone named, e.g.
 * `Tuesday, December 29, 2026 at 12:00 PM CST`; a calendar date (`YYYY-MM-DD`) as `formatDay` does.
 */
export function formatMoment(value: string, reader: ReaderLocale): string {
  if (CALENDAR_DATE.test(value)) return formatDay(value, reader);
  return new Intl.DateTimeFormat(reader.locale, {
    weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit',
    timeZone: reader.timeZone, timeZoneName: 'short',
  }).format(new Date(value));
}

/** An ISO instant, short, in the reader's zone with the zone named, e.g. `Dec 29, 2026, 12:00 PM CST`. */
export function formatShortMoment(value: string, reader: ReaderLocale): string {
  return new Intl.DateTimeFormat(reader.locale, {
    year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: reader.timeZone, timeZoneName: 'short',
  }).format(new Date(value));
}

/** True when `Intl` knows the locale (so formatting will not throw). */
export function isKnownLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

/** True when `Intl` knows the IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
