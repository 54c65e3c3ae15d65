/** Calendar arithmetic the seed data relies on. */
import { shiftDays, yearsBefore } from '../../../data/seed';

describe('seed date arithmetic', () => {
  it('moves by calendar days across month and year ends', () => {
    expect(shiftDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(shiftDays('2026-11-29', 0)).toBe('2026-11-29');
  });

  it('goes back whole years, turning 29 February into 28 February', () => {
    expect(yearsBefore('2026-11-29', 1)).toBe('2025-11-29');
    expect(yearsBefore('2025-02-28', 1)).toBe('2024-02-28');
    expect(yearsBefore('2028-02-29', 1)).toBe('2027-02-28');
    expect(yearsBefore('2028-02-29', 4)).toBe('2024-02-29');
  });
});
