/** Calendar-date helpers. */
import { addYears, isIsoDate, utcDateOf } from '../../../domain/dates';

test('isIsoDate accepts real dates only', () => {
  expect(isIsoDate('2024-02-29')).toBe(true);
  expect(isIsoDate('2025-02-29')).toBe(false);
  expect(isIsoDate('2025-13-01')).toBe(false);
  expect(isIsoDate('2025-1-01')).toBe(false);
});

test('addYears keeps the calendar date, clamping 29 Feb', () => {
  expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  expect(addYears('2025-12-31', 1)).toBe('2026-12-31');
  expect(() => addYears('31/12/2025', 1)).toThrow('"31/12/2025" is not a YYYY-MM-DD date');
});

test('utcDateOf takes the UTC calendar date of an instant', () => {
  expect(utcDateOf('2026-11-29T23:59:59.999Z')).toBe('2026-11-29');
});
