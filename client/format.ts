/** Terminal output for the CLI: aligned tables and key/value blocks. */

/** Renders rows as an aligned text table with a header line. */
export function table(rows: Array<Record<string, string | number | undefined>>, columns: string[]): string {
  const cells = rows.map((row) => columns.map((column) => String(row[column] ?? '')));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((cell) => cell[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Renders `label: value` pairs with the labels aligned. */
export function keyValues(pairs: Array<[string, string | undefined]>): string {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.filter(([, value]) => value !== undefined).map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
