/** Streams the records of an import file: CSV (header line), JSON Lines, or a JSON array. */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

/** One record and where it is in the file: the CSV line, the JSON Lines line, or the JSON array position (1-based). */
export interface SourceRecord {
  row: number;
  record: unknown;
  /** Set when the line could not be read as a record (e.g. bad JSON on one JSON Lines line). */
  unreadable?: string;
}

/** Reads `file` record by record, choosing the format by extension (`.csv`, `.jsonl`/`.ndjson`, `.json`). */
export async function* readRecords(file: string, format?: 'csv' | 'json'): AsyncGenerator<SourceRecord> {
  const ext = path.extname(file).toLowerCase();
  if (format === 'csv' || (!format && ext === '.csv')) yield* readCsv(file);
  else if (ext === '.jsonl' || ext === '.ndjson') yield* readJsonLines(file);
  else yield* readJsonArray(file);
}

async function* readCsv(file: string): AsyncGenerator<SourceRecord> {
  const parser = createReadStream(file).pipe(parse({ columns: true, trim: true, skip_empty_lines: true, info: true, bom: true, relax_column_count: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { row: info.lines, record };
  }
}

async function* readJsonLines(file: string): AsyncGenerator<SourceRecord> {
  let row = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    row += 1;
    if (line.trim() === '') continue;
    try {
      yield { row, record: JSON.parse(line) };
    } catch (error) {
      yield { row, record: undefined, unreadable: `not valid JSON: ${(error as Error).message}` };
    }
  }
}

/** A JSON array is read whole (use `.jsonl` for files too large for memory). */
async function* readJsonArray(file: string): AsyncGenerator<SourceRecord> {
  const parsed = parseJson(await readFile(file, 'utf8'), 'the file');
  if (!Array.isArray(parsed)) throw new ImportFileError(`${file}: a JSON import file must hold an array of rows`);
  for (const [index, record] of parsed.entries()) yield { row: index + 1, record };
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ImportFileError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The file cannot be read as an import file at all (as opposed to some rows being bad). */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}
