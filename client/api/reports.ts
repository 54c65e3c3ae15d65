/**
 * The reports everyone with a role may read, computed in Node from indexed reads (FerretDB v1 lacks most `$group`
 * accumulators): claims by status (`claimReport`) and by model, median hours from trigger to hand-over and to close,
 * the return rate, and what is overdue. Reads every claim per status, so it suits thousands of claims, not millions.
 */
import type { Db } from 'mongodb';
import { claimReport } from '../../data/claim-search';
import { parseClaim, timelineOf } from '../../data/claims';
import { collection, collectionNames } from '../../data/collections';
import { claimQueries } from '../../data/queries';
import { claimStatuses } from '../../data/schemas/common';
import { listTasks } from '../../data/tasks';
import { HANDED_OVER_STATUSES } from '../../domain/status';
import type { ClaimStatus, TimelineEntry } from '../../domain/types';

/** The median of `values`, or null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const HOUR_MS = 3_600_000;
const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** When the timeline first reached one of `statuses`, or undefined. */
export function firstReached(timeline: readonly TimelineEntry[], statuses: readonly ClaimStatus[]): string | undefined {
  return timeline.find((entry) => entry.status !== undefined && statuses.includes(entry.status))?.at;
}

/** Builds the report at `now`. */
export async function buildReport(db: Db, now: Date) {
  const counts = await claimReport(db);
  const claims = (await Promise.all(claimStatuses.map(async (status) => {
    if (!counts.byStatus[status]) return [];
    return (await collection(db, collectionNames.claims).find(claimQueries.byStatus(status)).toArray()).map(parseClaim);
  }))).flat();
  const byModel: Record<string, Record<string, number>> = {};
  for (const claim of claims) {
    const model = claim.model ?? 'unknown';
    byModel[model] ??= {};
    byModel[model][claim.status] = (byModel[model][claim.status] ?? 0) + 1;
  }
  const toHandOver: number[] = [];
  const toClose: number[] = [];
  const overdueReturns: Array<{ claimId: string; since: string | null }> = [];
  for (const claim of claims.filter((c) => HANDED_OVER_STATUSES.includes(c.status))) {
    const timeline = timelineOf(claim);
    const opened = Date.parse(claim.openedAt);
    const shipped = firstReached(timeline, ['shipped']);
    const closed = firstReached(timeline, ['closed', 'closed-unreturned']);
    if (shipped) toHandOver.push((Date.parse(shipped) - opened) / HOUR_MS);
    if (closed) toClose.push((Date.parse(closed) - opened) / HOUR_MS);
    if (claim.status === 'return-overdue') overdueReturns.push({ claimId: claim.claimId, since: firstReached(timeline, ['return-overdue']) ?? null });
  }
  const returned = counts.byStatus.closed;
  const unreturned = counts.byStatus['closed-unreturned'];
  const overdueTasks = (await Promise.all((['open', 'taken'] as const).map((status) => listTasks(db, { status, limit: 500 }, now))))
    .flat().filter((task) => task.overdue)
    .map(({ taskId, claimId, kind, slaDueAt }) => ({ taskId, claimId, kind, slaDueAt }));
  return {
    generatedAt: now.toISOString(),
    total: counts.total,
    byStatus: counts.byStatus,
    byModel,
    medianHoursToHandOver: round2(median(toHandOver)),
    medianHoursToClose: round2(median(toClose)),
    returnRate: returned + unreturned ? round2(returned / (returned + unreturned)) : null,
    overdue: { tasks: overdueTasks, returns: overdueReturns },
  };
}
