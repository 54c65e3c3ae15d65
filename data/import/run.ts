/**
 * Imports one file of devices, leases, models or inventory: validates every row, writes the accepted ones in
 * batches (`write.ts`), and reports the rejected ones by row, field and reason. Re-importing the same file changes nothing.
 */
import type { Db } from 'mongodb';
import { collection, collectionNames } from '../collections';
import { leaseQueries } from '../queries';
import { fieldProblems } from '../validation';
import { readRecords, type SourceRecord } from './read';
import { keyField, rowSchemas, type AcceptedRow, type ImportKind } from './rows';
import { writeBatch } from './write';

/** One rejected row problem. */
export interface RejectedRow {
  row: number;
  field: string;
  reason: string;
}

/** What an import did. `changed` = inserted + updated; 0 on a re-import of the same file. */
export interface ImportReport {
  kind: ImportKind;
  file: string;
  rowsRead: number;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  changed: number;
  rejectedRows: number;
  rejected: RejectedRow[];
}

/** Options of `importFile`. */
export interface ImportOptions {
  /** Today as YYYY-MM-DD: dates after it are rejected. Defaults to the current UTC date. */
  today?: string;
  /** Called every `progressEvery` rows (default 5000) and once at the end. */
  onProgress?: (progress: { rowsRead: number; accepted: number; rejectedRows: number; done: boolean }) => void;
  progressEvery?: number;
  batchSize?: number;
  /** Called with the rows each batch inserted (new devices, leases, models or units; not updated or unchanged ones). */
  onInserted?: (rows: AcceptedRow[]) => void;
}

/** Imports `file` into the collection of `kind`. Throws `ImportFileError` when the file itself cannot be read. */
export async function importFile(db: Db, kind: ImportKind, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importRecords(db, kind, readRecords(file), file, options);
}

/** Imports records from any source (a file reader, or generated seed rows); `file` names the source in the report. */
export async function importRecords(
  db: Db, kind: ImportKind, records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>, file: string, options: ImportOptions = {},
): Promise<ImportReport> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const schema = rowSchemas(today)[kind];
  const report: ImportReport = { kind, file, rowsRead: 0, accepted: 0, inserted: 0, updated: 0, unchanged: 0, changed: 0, rejectedRows: 0, rejected: [] };
  const seen = new Map<string, number>();
  const leaseExists = cachedLeaseCheck(db);
  let batch: AcceptedRow[] = [];
  const progress = (done: boolean) => options.onProgress?.({ rowsRead: report.rowsRead, accepted: report.accepted, rejectedRows: report.rejectedRows, done });
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await writeBatch(db, kind, batch);
    report.inserted += result.inserted;
    if (result.insertedRows.length > 0) options.onInserted?.(result.insertedRows);
    report.updated += result.updated;
    report.unchanged += result.unchanged;
    batch = [];
  };

  for await (const { row, record, unreadable } of records) {
    report.rowsRead += 1;
    const problems = unreadable ? [{ field: '(row)', reason: unreadable }] : [];
    const parsed = unreadable ? undefined : schema.safeParse(record);
    if (parsed && !parsed.success) problems.push(...fieldProblems(parsed.error).map((p) => ({ ...p, field: p.field === '(document)' ? '(row)' : p.field })));
    const accepted = parsed?.success ? (parsed.data as AcceptedRow) : undefined;
    if (accepted) {
      const key = String(accepted[keyField[kind]]);
      const firstRow = seen.get(key);
      if (firstRow !== undefined) problems.push({ field: keyField[kind], reason: `duplicate of row ${firstRow} in this file` });
      else seen.set(key, row);
      const lease = kind === 'devices' ? accepted.leaseContractId : undefined;
      if (typeof lease === 'string' && !(await leaseExists(lease))) {
        problems.push({ field: 'leaseContractId', reason: `unknown lease contract ${lease} (import leases first)` });
      }
    }
    if (problems.length > 0 || !accepted) {
      report.rejectedRows += 1;
      report.rejected.push(...problems.map((p) => ({ row, ...p })));
    } else {
      report.accepted += 1;
      batch.push(accepted);
      if (batch.length >= (options.batchSize ?? 500)) await flush();
    }
    if (report.rowsRead % (options.progressEvery ?? 5000) === 0) progress(false);
  }
  await flush();
  report.changed = report.inserted + report.updated;
  progress(true);
  return report;
}

function cachedLeaseCheck(db: Db): (contractId: string) => Promise<boolean> {
  const known = new Map<string, boolean>();
  return async (contractId) => {
    const cached = known.get(contractId);
    if (cached !== undefined) return cached;
    const exists = (await collection(db, collectionNames.leases).findOne(leaseQueries.byContractId(contractId), { projection: { _id: 1 } })) !== null;
    known.set(contractId, exists);
    return exists;
  };
}
