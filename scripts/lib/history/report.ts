/** The seeding command's summary for a person: what was written and how long each step took (under 100 columns). */
import type { Db } from 'mongodb';
import type { HistoryReport } from './seed-history';

/** The database's size as the server reports it (`dbStats`). */
export interface StoredSize {
  dataBytes: number;
  storageBytes: number;
}

/** The database's size (`dbStats`), or undefined when the server does not say. */
export async function storedSize(db: Db): Promise<StoredSize | undefined> {
  const stats = await db.command({ dbStats: 1 }).catch(() => undefined);
  return stats ? { dataBytes: Number(stats.dataSize ?? 0), storageBytes: Number(stats.storageSize ?? stats.totalSize ?? 0) } : undefined;
}

const count = (n: number) => n.toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Two aligned columns under a title. */
function table(title: string, rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return [title, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)];
}

/** The summary: counts by kind, then seconds by step. */
export function formatHistoryReport(database: string, report: HistoryReport, size?: StoredSize): string {
  const statuses = Object.entries(report.byStatus).map(([status, n]): [string, string] => [`  ${status}`, count(n)]);
  return [
    ...table(`History seeded into ${database} (opened from ${report.firstOpenedAt.slice(0, 10)}, last closed ${report.lastClosedAt.slice(0, 10)})`, [
      ['finished claims', count(report.claims)], ...statuses,
      ['tasks (in their claims)', count(report.tasks)],
      ['emails (sent outbox records)', count(report.emails)],
      ['devices (originals and replacements)', count(report.devices)],
      ['refurbished units shipped', count(report.units)],
      ['token lookups', count(report.tokenLookups)],
      ['list entries', `${count(report.listEntries)} in ${count(report.lists)} lists`],
      ['rollups', `${count(report.rollups.days)} days, ${count(report.rollups.months)} months`],
      ...(size ? [['database size (dbStats)', `${mb(size.dataBytes)} data, ${mb(size.storageBytes)} stored`] as [string, string]] : []),
    ]),
    '',
    ...table('Seconds', [
      ['claims and what they left (opening order)', report.seconds.claims.toFixed(1)],
      ['history lists (closing order)', report.seconds.historyLists.toFixed(1)],
      ['rollups', report.seconds.rollups.toFixed(1)],
      ['total', `${report.seconds.total.toFixed(1)} (${report.claimsPerSecond.toFixed(0)} claims/s)`],
    ]),
  ].join('\n');
}
