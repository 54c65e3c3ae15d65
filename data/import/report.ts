/** Renders an import report for a person (a summary and a table of rejected rows) or as JSON. */
import type { ImportReport } from './run';

/** A readable summary followed by a `row | field | reason` table of rejected rows. */
export function formatReportText(report: ImportReport): string {
  const lines = [
    `${report.kind} import from ${report.file}`,
    `  rows read: ${report.rowsRead}`,
    `  accepted:  ${report.accepted} (${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged)`,
    `  changed:   ${report.changed}`,
    `  rejected:  ${report.rejectedRows}`,
  ];
  if (report.rejected.length > 0) {
    const header = { row: 'row', field: 'field', reason: 'reason' };
    const rows = [header, ...report.rejected.map((r) => ({ row: String(r.row), field: r.field, reason: r.reason }))];
    const rowWidth = Math.max(...rows.map((r) => r.row.length));
    const fieldWidth = Math.max(...rows.map((r) => r.field.length));
    lines.push('', 'Rejected rows:');
    for (const r of rows) lines.push(`  ${r.row.padStart(rowWidth)}  ${r.field.padEnd(fieldWidth)}  ${r.reason}`);
  }
  return lines.join('\n');
}

/** The report (with the claims an inventory import woke, if any) as pretty-printed JSON. */
export function formatReportJson(report: ImportReport & { woken?: unknown[] }): string {
  return JSON.stringify(report, null, 2);
}
