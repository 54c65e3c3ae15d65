/**
 * The reports page for supervisors and admin, from the report (client/api/reports.ts: rollups and the working set,
 * never a scan of the claims): claims over time by status, by model and by fault; median and 90th-percentile hours
 * from trigger to hand-over and to close; return and unreturned rates by model; the queues. Charts are
 * server-rendered (charts.ts); the CSV export (`reportCsv`) carries the same numbers.
 */
import type { buildReport } from '../api/reports';
import { isTerminalStatus } from '../../domain/status';
import { taskKinds, type ClaimStatus } from '../../domain/types';
import { barChart, CHART_STYLE, columnChart, type Group, type Series } from './charts';
import { calendarDay, consolePage } from './console-layout';
import { TASK_WORDS } from './console-words';
import type { Viewer } from './device-page';
import { html } from './html';

/** The report the page draws. */
export type Report = Awaited<ReturnType<typeof buildReport>>;

/** The report and the display names of its models. */
export interface ReportPageData {
  report: Report;
  modelNames: Record<string, string>;
}

const FINISHED: Series[] = [
  { key: 'closed', label: 'closed (returned)', colour: '#2e7d32' },
  { key: 'closed-unreturned', label: 'closed unreturned', colour: '#c62828' },
  { key: 'cancelled', label: 'cancelled', colour: '#6d4c41' },
  { key: 'denied', label: 'denied', colour: '#5c6bc0' },
];
const COUNT: Series[] = [{ key: 'n', label: 'claims', colour: '#1565c0' }];
const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);
const hours = (value: number | null) => (value === null ? '–' : value >= 48 ? `${Math.round(value / 2.4) / 10} days` : `${value} h`);

/** The reports page. */
export function renderReportsPage(viewer: Viewer, data: ReportPageData): string {
  const { report, modelNames } = data;
  const name = (model: string) => modelNames[model] ?? model;
  const { window } = report;
  const finishedBy = (counts: Record<string, Record<string, number>>, label: (key: string) => string): Group[] =>
    Object.entries(counts).map(([key, values]) => ({ label: label(key), values })).sort((a, b) => a.label.localeCompare(b.label));
  const inProgress = Object.entries(report.byStatus).filter(([status, n]) => n > 0 && !isTerminalStatus(status as ClaimStatus)).map(([status, n]) => ({ label: status.replace(/-/g, ' '), values: { n } }));
  const rates: Group[] = Object.entries(report.returnsByModel).filter(([, r]) => r.returned + r.unreturned > 0).map(([model, r]) => ({
    label: name(model), values: { returned: r.returned, unreturned: r.unreturned }, note: `${percent(r.returnRate)} returned · ${percent(r.unreturnedRate)} not`,
  }));
  const times: Group[] = [
    { label: 'to hand-over, median', values: { h: report.medianHoursToHandOver ?? 0 }, note: hours(report.medianHoursToHandOver) },
    { label: 'to hand-over, 90th pct', values: { h: report.p90HoursToHandOver ?? 0 }, note: hours(report.p90HoursToHandOver) },
    { label: 'to close, median', values: { h: report.medianHoursToClose ?? 0 }, note: hours(report.medianHoursToClose) },
    { label: 'to close, 90th pct', values: { h: report.p90HoursToClose ?? 0 }, note: hours(report.p90HoursToClose) },
  ];
  const queues: Group[] = taskKinds.map((kind) => ({ label: TASK_WORDS[kind], values: { n: report.queues[kind] ?? 0 } }));
  const period = `${calendarDay(window.from)} – ${calendarDay(window.to)}`;
  const inProgressTotal = inProgress.reduce((sum, g) => sum + (g.values.n ?? 0), 0);
  const body = html`<h2>Reports</h2>
<form class="search card" method="get" action="/console/reports"><div><label for="days">Period</label><select id="days" name="days">
${[7, 30, 90, 365].map((days) => html`<option value="${days}"${window.days === days ? ' selected' : ''}>last ${days} days</option>`)}</select></div>
<button type="submit">Show</button><a class="button secondary" href="/console/reports.csv?days=${window.days}" download>Download CSV</a></form>
<ul class="tiles" aria-label="Totals"><li>Claims, all time<strong data-tile="total">${report.total}</strong></li><li>In progress now<strong data-tile="in-progress">${inProgressTotal}</strong></li>
<li>Finished, ${window.days} days<strong data-tile="finished">${window.finished}</strong></li><li>Return rate<strong data-tile="return-rate">${percent(report.returnRate)}</strong></li>
<li>Unreturned rate<strong data-tile="unreturned-rate">${percent(report.unreturnedRate)}</strong></li><li>Overdue tasks<strong data-tile="overdue">${report.overdue.tasks.length}</strong></li></ul>
${columnChart({ id: 'daily', title: 'Claims finished per day, by outcome', caption: period, series: FINISHED, groups: report.daily.map((d) => ({ label: d.day, values: d.byStatus })), dayLabel: calendarDay })}
<div class="grid two">
${barChart({ id: 'by-model', title: 'Finished by model', caption: period, series: FINISHED, groups: finishedBy(window.byModel, name) })}
${barChart({ id: 'by-fault', title: 'Finished by fault', caption: period, series: FINISHED, groups: finishedBy(window.byFault, (fault) => fault.replace(/-/g, ' ')) })}
${barChart({ id: 'returns-by-model', title: 'Returned and unreturned, by model', caption: period, series: [{ key: 'returned', label: 'returned', colour: '#2e7d32' }, { key: 'unreturned', label: 'unreturned', colour: '#c62828' }], groups: rates })}
${barChart({ id: 'times', title: 'Hours from trigger', caption: `claims finished ${period}`, series: [{ key: 'h', label: 'hours', colour: '#1565c0' }], groups: times })}
${barChart({ id: 'in-progress', title: 'In progress now, by status', caption: `${inProgressTotal} claims`, series: COUNT, groups: inProgress })}
${barChart({ id: 'queues', title: 'Open tasks by kind', caption: `${report.overdue.tasks.length} overdue · ${report.overdue.returns.length} returns overdue`, series: COUNT, groups: queues })}
</div>`;
  return consolePage({ title: 'Reports', ...viewer, current: 'reports', body, style: CHART_STYLE });
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report's numbers as CSV, one number a line: `section,key,label,series,value`. */
export function reportCsv(data: ReportPageData): string {
  const { report, modelNames } = data;
  const lines: Array<Array<string | number | null>> = [['section', 'key', 'label', 'series', 'value']];
  const add = (section: string, key: string, label: string, series: string, value: number | null) => lines.push([section, key, label, series, value]);
  add('window', `${report.window.from}..${report.window.to}`, `last ${report.window.days} days`, 'finished', report.window.finished);
  add('all-time', 'claims', 'claims, all time', 'count', report.total);
  for (const [status, n] of Object.entries(report.byStatus)) add('by-status', status, status, 'count', n);
  for (const day of report.daily) for (const s of FINISHED) add('daily', day.day, day.day, s.key, day.byStatus[s.key as ClaimStatus] ?? 0);
  for (const [model, counts] of Object.entries(report.window.byModel)) for (const [status, n] of Object.entries(counts)) add('by-model', model, modelNames[model] ?? model, status, n);
  for (const [fault, counts] of Object.entries(report.window.byFault)) for (const [status, n] of Object.entries(counts)) add('by-fault', fault, fault, status, n);
  for (const [model, r] of Object.entries(report.returnsByModel)) {
    for (const series of ['returned', 'unreturned', 'returnRate', 'unreturnedRate'] as const) add('returns-by-model', model, modelNames[model] ?? model, series, r[series]);
  }
  add('returns', 'all', 'all models', 'returnRate', report.returnRate);
  add('returns', 'all', 'all models', 'unreturnedRate', report.unreturnedRate);
  for (const [key, value] of [['medianHoursToHandOver', report.medianHoursToHandOver], ['p90HoursToHandOver', report.p90HoursToHandOver], ['medianHoursToClose', report.medianHoursToClose], ['p90HoursToClose', report.p90HoursToClose]] as const) {
    add('hours', key, key, 'hours', value);
  }
  for (const kind of taskKinds) add('queues', kind, TASK_WORDS[kind], 'open', report.queues[kind] ?? 0);
  add('overdue', 'tasks', 'overdue tasks', 'count', report.overdue.tasks.length);
  add('overdue', 'returns', 'overdue returns', 'count', report.overdue.returns.length);
  return `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
