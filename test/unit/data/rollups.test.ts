/** The rollup arithmetic: folding finished claims into period figures, adding periods, quantiles, calendar helpers. */
import { addClaim, addFigures, daysOf, emptyFigures, monthsBetween, quantileHours } from '../../../data/claim-rollups';
import type { ClaimSummary } from '../../../data/schemas/claim';

const finished = (status: ClaimSummary['status'], model: string, hoursToHandOver?: number, hoursToClose?: number): ClaimSummary => {
  const openedAt = Date.parse('2026-11-01T00:00:00.000Z');
  return {
    claimId: `C-${Math.random()}`, status, mac: '00:15:65:AB:CD:EF', extension: '101', accountId: 'A', email: 'a@b.example', model,
    openedAt: new Date(openedAt).toISOString(), fault: 'defect',
    ...(hoursToHandOver !== undefined ? { handedOverAt: new Date(openedAt + hoursToHandOver * 3_600_000).toISOString() } : {}),
    ...(hoursToClose !== undefined ? { closedAt: new Date(openedAt + hoursToClose * 3_600_000).toISOString() } : {}),
  };
};

describe('period figures', () => {
  it('counts finished claims by status, model and fault, and their hours to hand-over and close', () => {
    const figures = emptyFigures();
    addClaim(figures, finished('closed', 't54w', 20, 400));
    addClaim(figures, finished('closed', 't54w', 30, 500));
    addClaim(figures, finished('denied', 'vvx450'));
    expect(figures).toMatchObject({ claims: 3, byStatus: { closed: 2, denied: 1 }, byModel: { t54w: { closed: 2 }, vvx450: { denied: 1 } }, byFault: { defect: { closed: 2, denied: 1 } } });
    expect(figures.hoursToHandOver).toEqual({ 200: 1, 300: 1 });
    expect(figures.hoursToClose).toEqual({ 4000: 1, 5000: 1 });
  });

  it('adds periods without losing a count', () => {
    const day1 = emptyFigures();
    addClaim(day1, finished('closed', 't54w', 10, 100));
    const day2 = emptyFigures();
    addClaim(day2, finished('closed', 't54w', 10, 200));
    addClaim(day2, finished('closed-unreturned', 't54w', 12, 1000));
    const month = emptyFigures();
    addFigures(month, day1);
    addFigures(month, day2);
    expect(month).toMatchObject({ claims: 3, byStatus: { closed: 2, 'closed-unreturned': 1 }, byModel: { t54w: { closed: 2, 'closed-unreturned': 1 } } });
    expect(month.hoursToHandOver).toEqual({ 100: 2, 120: 1 });
  });

  it('reads the median and the 90th percentile off a histogram, null when empty', () => {
    expect(quantileHours({ 10: 5, 20: 4, 300: 1 }, 0.5)).toBe(1);
    expect(quantileHours({ 10: 5, 20: 4, 300: 1 }, 0.9)).toBe(2);
    expect(quantileHours({ 10: 5, 23: 4, 300: 1 }, 0.9)).toBe(2.3);
    expect(quantileHours({ 10: 5, 20: 4, 300: 1 }, 1)).toBe(30);
    expect(quantileHours({}, 0.5)).toBeNull();
  });
});

describe('calendar helpers', () => {
  it('lists the days of a month, leap years included', () => {
    expect(daysOf('2028-02')).toHaveLength(29);
    expect(daysOf('2026-02').at(-1)).toBe('2026-02-28');
    expect(daysOf('2026-12')[0]).toBe('2026-12-01');
  });

  it('lists the months between two months across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
  });
});
