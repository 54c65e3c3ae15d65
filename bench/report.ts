/** Statistics and the BENCHMARKS.md table. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { toolPaths } from '../scripts/lib/paths';

/** Median, min and max of a list of numbers. */
export function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The `p` quantile (0–1) of `values` by nearest rank (p95 of 20 values is the 19th smallest). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

/** One table row. */
export interface Row {
  figure: string;
  target: string;
  values: number[];
  digits: number;
  verdict?: (median: number) => boolean;
}

/** The markdown table: figure, target, median, min–max, runs, met?. */
export function renderTable(rows: Row[]): string {
  const lines = ['| Figure | Target | Median | Min – max | Runs | Target met |', '|---|---|---|---|---|---|'];
  for (const row of rows) {
    const { median, min, max } = spread(row.values);
    const fmt = (n: number) => n.toFixed(row.digits);
    const met = row.verdict ? (row.verdict(median) ? 'yes' : '**no**') : '—';
    lines.push(`| ${row.figure} | ${row.target} | ${fmt(median)} | ${fmt(min)} – ${fmt(max)} | ${row.values.length} | ${met} |`);
  }
  return lines.join('\n');
}

function versionOf(binary: string, args: string[]): string {
  try {
    return execFileSync(binary, args, { encoding: 'utf8', timeout: 20_000 }).trim().split('\n')[0]!;
  } catch (error) {
    return `unknown (${(error as Error).message.split('\n')[0]})`;
  }
}

/** The machine: CPU, cores, memory, OS, Node, Temporal CLI and FerretDB versions. */
export function machineDescription(): string[] {
  const tools = toolPaths();
  const cpus = os.cpus();
  return [
    `CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} ${os.arch()}`,
    `Node.js ${process.version}; Temporal TS SDK 1.24.0`,
    `Temporal CLI dev server: ${versionOf(tools.temporalCli, ['--version'])} (file-backed SQLite)`,
    `FerretDB: ${versionOf(tools.ferretdb, ['--version']).replace(/\s+/g, ' ')} (SQLite backend)`,
  ];
}
