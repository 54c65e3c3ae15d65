/**
 * The reports every role may read, from bounded reads only: the working set (claims in progress, their tasks) and
 * the rollups of finished claims (data/claim-rollups.ts: one document per month of history, one per day of the
 * window). Costs the same with 50 or 50,000 claims stored.
 */
import type { Db } from 'mongodb';
import { activeClaims } from '../../data/claims-active';
import { addFigures, allTimeFigures, dayFigures, emptyFigures, quantileHours, type PeriodFigures } from '../../data/claim-rollups';
import { countsByStatus } from '../../data/claim-counts';
import { taskKinds } from '../../data/schemas/common';
import type { TaskKind } from '../../domain/types';

/** Days a report's window may span. */
export const MAX_REPORT_DAYS = 366;
/** Overdue tasks a report lists (the queue pages show the rest). */
const OVERDUE_LISTED = 100;

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
const DAY_MS = 86_400_000;

/** The UTC days of the window ending `today`, oldest first. */
function windowDays(today: Date, days: number): string[] {
  return Array.from({ length: days }, (_, i) => new Date(today.getTime() - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** Returned and unreturned claims among `counts` (by terminal status), and their shares of the two (null: none). */
function returnRates(counts: Partial<Record<string, number>>) {
  const returned = counts.closed ?? 0;
  const unreturned = counts['closed-unreturned'] ?? 0;
  const share = (n: number) => (returned + unreturned ? round2(n / (returned + unreturned)) : null);
  return { returned, unreturned, returnRate: share(returned), unreturnedRate: share(unreturned) };
}

/** Builds the report at `now` for the last `days` days (default 30): all-time status counts, window figures, queues. */
export async function buildReport(db: Db, now: Date, options: { days?: number } = {}) {
  const today = now.toISOString().slice(0, 10);
  const days = windowDays(now, Math.min(Math.max(1, options.days ?? 30), MAX_REPORT_DAYS));
  const [inProgress, allTime, daily] = await Promise.all([
    activeClaims(db),
    allTimeFigures(db, today),
    Promise.all(days.map(async (day) => ({ day, figures: await dayFigures(db, day, today) }))),
  ]);
  // Open and taken tasks past their SLA, from the working set already read (the report names no assignee: no take is read).
  const overdueTasks = inProgress.flatMap((claim) => taskKinds.flatMap((kind) => {
    const task = claim.tasks[kind];
    return task && Date.parse(task.slaDueAt) < now.getTime() ? [task] : [];
  })).sort((a, b) => a.slaDueAt.localeCompare(b.slaDueAt)).slice(0, OVERDUE_LISTED);
  const byStatus = countsByStatus(inProgress, allTime.byStatus);
  const byModel: Record<string, Record<string, number>> = {};
  for (const [model, counts] of Object.entries(allTime.byModel)) byModel[model] = { ...counts };
  const queues = Object.fromEntries(taskKinds.map((kind) => [kind, 0])) as Record<TaskKind, number>;
  for (const claim of inProgress) {
    const model = claim.model ?? 'unknown';
    (byModel[model] ??= {})[claim.status] = (byModel[model][claim.status] ?? 0) + 1;
    for (const kind of taskKinds) if (claim.tasks[kind]) queues[kind] += 1;
  }
  const window: PeriodFigures = emptyFigures();
  for (const { figures } of daily) addFigures(window, figures);
  const { returned, unreturned, returnRate, unreturnedRate } = returnRates(window.byStatus);
  return {
    generatedAt: now.toISOString(),
    total: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
    byStatus,
    byModel,
    window: { from: days[0]!, to: today, days: days.length, finished: window.claims, byStatus: window.byStatus, byModel: window.byModel, byFault: window.byFault },
    daily: daily.map(({ day, figures }) => ({ day, finished: figures.claims, byStatus: figures.byStatus })),
    medianHoursToHandOver: round2(quantileHours(window.hoursToHandOver, 0.5)),
    p90HoursToHandOver: round2(quantileHours(window.hoursToHandOver, 0.9)),
    medianHoursToClose: round2(quantileHours(window.hoursToClose, 0.5)),
    p90HoursToClose: round2(quantileHours(window.hoursToClose, 0.9)),
    returnRate,
    unreturnedRate,
    returns: { returned, unreturned },
    returnsByModel: Object.fromEntries(Object.entries(window.byModel).map(([model, counts]) => [model, returnRates(counts)])),
    queues,
    overdue: {
      tasks: overdueTasks.map(({ taskId, claimId, kind, slaDueAt }) => ({ taskId, claimId, kind, slaDueAt })),
      returns: inProgress.filter((claim) => claim.status === 'return-overdue').map((claim) => ({ claimId: claim.claimId, since: claim.statusSince ?? null })),
    },
  };
}
