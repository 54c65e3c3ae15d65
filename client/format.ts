/** Terminal output for the CLI: aligned tables and key/value blocks that fit a terminal's width. */

/** The width CLI output fits (columns). */
export const OUTPUT_WIDTH = 100;

/** Splits `text` into lines of at most `width` characters at spaces (a word longer than `width` is cut). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > width) {
      if (line) lines.push(line);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      line = '';
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line = `${line} ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** Pads each line after the first of `lines` by `indent` spaces and joins them. */
const hanging = (lines: string[], indent: number) => lines.map((line, i) => (i === 0 ? line : `${' '.repeat(indent)}${line}`)).join('\n');

/**
 * Renders rows as an aligned text table with a header line. With `fit`, the last column wraps (continuation lines
 * indented under it) so no line is wider than `fit.width` when the other columns leave it room.
 */
export function table(rows: Array<Record<string, string | number | undefined>>, columns: string[], fit?: { width: number }): string {
  const cells = rows.map((row) => columns.map((column) => String(row[column] ?? '')));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((cell) => cell[i]!.length)));
  const lead = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 0);
  const room = fit ? Math.max(20, fit.width - lead) : Infinity;
  const line = (values: string[]) => {
    const last = values.length - 1;
    const head = values.slice(0, last).map((value, i) => value.padEnd(widths[i]!)).join('  ');
    const tail = room === Infinity ? [values[last]!] : wrapText(values[last]!, room);
    return hanging([`${last > 0 ? `${head}  ` : ''}${tail[0]!}`.trimEnd(), ...tail.slice(1)], lead);
  };
  const rule = widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? Math.min(w, room) : w));
  return [line(columns.map((c) => c.toUpperCase())), line(rule), ...cells.map(line)].join('\n');
}

/** Renders `label: value` pairs with the labels aligned; values wrap under themselves to fit `width` (default 100). */
export function keyValues(pairs: Array<[string, string | undefined]>, width = OUTPUT_WIDTH): string {
  const shown = pairs.filter((pair): pair is [string, string] => pair[1] !== undefined);
  const labelWidth = Math.max(0, ...shown.map(([label]) => label.length));
  const room = Math.max(20, width - labelWidth - 2);
  return shown.map(([label, value]) => hanging([`${label.padEnd(labelWidth)}  ${wrapText(value, room)[0]!}`, ...wrapText(value, room).slice(1)], labelWidth + 2)).join('\n');
}
