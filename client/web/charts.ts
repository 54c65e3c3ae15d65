/**
 * Server-rendered charts a person reads at a glance: stacked horizontal bars (one row per group, its total at the
 * end, an axis from 0 to the largest total) and stacked columns over days (a value axis, the first, middle and
 * last day). Bars are inline SVG stretched to their box (no text inside, so nothing distorts); labels, totals, axes
 * and the legend are HTML, so they stay readable from a phone to a desktop. Every chart names its numbers for
 * screen readers, and every bar segment has a tooltip.
 */
import { html, type RawHtml } from './html';

/** One series of a chart: its key in the data, its label and colour. */
export interface Series {
  key: string;
  label: string;
  colour: string;
}

/** One row (or column) of a chart: its label and a value per series key. */
export interface Group {
  label: string;
  values: Record<string, number | undefined>;
  /** Shown after the bar instead of the total (e.g. a rate). */
  note?: string;
}

const total = (group: Group, series: readonly Series[]) => series.reduce((sum, s) => sum + (group.values[s.key] ?? 0), 0);
const spelled = (group: Group, series: readonly Series[]) => series.filter((s) => group.values[s.key]).map((s) => `${group.values[s.key]} ${s.label}`).join(', ');

/** A round axis maximum at or above `max` (2, 4, 10 × 10^n: its half is round too), at least 2. */
export function niceMax(max: number): number {
  if (max <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 4, 10].map((step) => step * power).find((candidate) => candidate >= max)!;
}

const legend = (series: readonly Series[]) => series.length > 1
  ? html`<ul class="legend">${series.map((s) => html`<li><svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" rx="3" fill="${s.colour}"/></svg>${s.label}</li>`)}</ul>` : '';

function stack(group: Group, series: readonly Series[], scale: number, across: boolean): RawHtml[] {
  let offset = 0;
  return series.flatMap((s) => {
    const value = group.values[s.key] ?? 0;
    if (!value) return [];
    const size = (value / scale) * 100;
    const at = offset;
    offset += size;
    const shape = across ? html`<rect x="${at}" y="0" width="${size}" height="10" fill="${s.colour}">` : html`<rect x="0" y="${100 - at - size}" width="10" height="${size}" fill="${s.colour}">`;
    return [html`${shape}<title>${group.label}: ${value} ${s.label}</title></rect>`];
  });
}

/** Stacked horizontal bars, one row per group, scaled to `max` (default: the largest total). */
export function barChart(options: { id: string; title: string; caption?: string; series: readonly Series[]; groups: readonly Group[]; max?: number; unit?: string }): RawHtml {
  const { series, groups } = options;
  const scale = options.max ?? niceMax(Math.max(0, ...groups.map((g) => total(g, series))));
  const unit = options.unit ?? '';
  const rows = groups.map((group) => html`<div class="bar-row"><span class="bar-label">${group.label}</span>
<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${group.label}: ${spelled(group, series) || 'none'}" data-total="${total(group, series)}">${stack(group, series, scale, true)}</svg>
<span class="bar-total">${group.note ?? `${total(group, series)}${unit}`}</span></div>`);
  return html`<figure class="chart card" data-chart="${options.id}" aria-labelledby="${options.id}-title"><figcaption id="${options.id}-title"><strong>${options.title}</strong>${options.caption ? html` <span class="muted">${options.caption}</span>` : ''}</figcaption>
${legend(series)}${groups.length ? html`<div class="bars">${rows}
<div class="bar-row axis" aria-hidden="true"><span></span><span class="ticks"><span>0</span><span>${scale / 2}${unit}</span><span>${scale}${unit}</span></span><span></span></div></div>` : html`<p class="muted">No claims in this period.</p>`}</figure>`;
}

/** Stacked columns over days (oldest left), with a value axis and the first, middle and last day named. */
export function columnChart(options: { id: string; title: string; caption?: string; series: readonly Series[]; groups: readonly Group[]; dayLabel: (day: string) => string }): RawHtml {
  const { series, groups } = options;
  const scale = niceMax(Math.max(0, ...groups.map((g) => total(g, series))));
  const width = Math.max(1, groups.length) * 10;
  const columns = groups.map((group, i) => html`<g transform="translate(${i * 10 + 1.5} 0) scale(0.7 1)">${stack(group, series, scale, false)}</g>`);
  const all = groups.reduce((sum, g) => sum + total(g, series), 0);
  const bySeries = series.map((s) => `${groups.reduce((sum, g) => sum + (g.values[s.key] ?? 0), 0)} ${s.label}`).join(', ');
  const named = groups.length ? [groups[0]!, groups[Math.floor((groups.length - 1) / 2)]!, groups[groups.length - 1]!] : [];
  return html`<figure class="chart card" data-chart="${options.id}" aria-labelledby="${options.id}-title"><figcaption id="${options.id}-title"><strong>${options.title}</strong>${options.caption ? html` <span class="muted">${options.caption}</span>` : ''}</figcaption>
${legend(series)}<div class="columns"><div class="y-axis" aria-hidden="true"><span>${scale}</span><span>${scale / 2}</span><span>0</span></div>
<svg class="plot" viewBox="0 0 ${width} 100" preserveAspectRatio="none" role="img" aria-label="${options.title}: ${all} in all (${bySeries})" data-total="${all}">
${[0, 25, 50, 75].map((y) => html`<line x1="0" x2="${width}" y1="${y}" y2="${y}" stroke="#dfe4ea" vector-effect="non-scaling-stroke"/>`)}<line x1="0" x2="${width}" y1="100" y2="100" stroke="#4a5260" vector-effect="non-scaling-stroke"/>${columns}</svg>
<span></span><div class="x-axis" aria-hidden="true">${named.map((g) => html`<span>${options.dayLabel(g.label)}</span>`)}</div></div></figure>`;
}

/** The charts' style (appended to the page's). */
export const CHART_STYLE = `
.chart{margin:0 0 16px}.chart figcaption{margin-bottom:8px}.legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;margin:0 0 8px;padding:0;font-size:14px}
.legend li{display:flex;align-items:center;gap:6px}
.bars{display:grid;grid-template-columns:minmax(4em,max-content) minmax(6em,1fr) max-content;gap:6px 8px;align-items:center;font-size:14px}.bar-row{display:contents}
.bar-label{max-width:10em}
.bar-label{overflow-wrap:anywhere}.bar{display:block;width:100%;height:22px;background:#f0f2f5;border-radius:3px}.bar-total{font-weight:700;text-align:right;white-space:nowrap}
.axis>*{color:#4a5260;font-size:12px;margin-top:-4px}.ticks{display:flex;justify-content:space-between;border-top:1px solid #4a5260;padding-top:2px}
.columns{display:grid;grid-template-columns:2.5em minmax(0,1fr);gap:4px 6px}.y-axis{display:flex;flex-direction:column;justify-content:space-between;text-align:right;color:#4a5260;font-size:12px;height:180px}
.plot{display:block;width:100%;height:180px}.x-axis{display:flex;justify-content:space-between;color:#4a5260;font-size:12px}
.tiles{display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(10em,1fr));margin:0 0 16px;padding:0;list-style:none}
.tiles li{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 3px rgba(0,0,0,.12)}.tiles strong{display:block;font-size:26px}`;
