/**
 * Writes a batch of accepted import rows. One read of the whole batch (key `$in`) tells which rows are new, which
 * are unchanged and which differ; new rows are inserted together, differing rows updated one by one, unchanged rows
 * not written at all. FerretDB v1 scans a collection for every filter, so one read per batch instead of one upsert
 * per row keeps large imports linear; a re-import of the same file writes nothing.
 */
import { isDuplicateKey } from '../../storage/first-writer';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Db } from 'mongodb';
import { collection, collectionNames, type CollectionName, type StoredDocument } from '../collections';
import { batchQueries } from '../queries';
import { fileDevices } from '../device-index';
import { shelveUnits } from '../stock';
import { keyField, type AcceptedRow, type ImportKind } from './rows';

/** What writing one batch did. */
export interface BatchResult {
  /** The rows that were new (for inventory: units that just arrived in stock). */
  insertedRows: AcceptedRow[];
  inserted: number;
  updated: number;
  unchanged: number;
}

const target: Record<ImportKind, CollectionName> = {
  devices: collectionNames.devices, leases: collectionNames.leases, models: collectionNames.deviceModels, inventory: collectionNames.inventoryUnits,
  extensions: collectionNames.extensions,
};
/** Optional fields of each kind: removed from the stored document when a re-import leaves them out. */
const optionalFields: Record<ImportKind, string[]> = { devices: ['extension', 'leaseContractId'], leases: [], models: [], inventory: ['serial'], extensions: ['emergencyAddress'] };

/** Inserts, updates or skips each row of `rows` (all of one kind, distinct keys). */
export async function writeBatch(db: Db, kind: ImportKind, rows: AcceptedRow[]): Promise<BatchResult> {
  const result: BatchResult = { insertedRows: [], inserted: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return result;
  const target$ = collection(db, target[kind]);
  const idOf = (row: AcceptedRow) => String(row[keyField[kind]]);
  const key = keyField[kind];
  const stored = new Map((await target$.find(batchQueries.byKeys(key, rows.map(idOf))).toArray()).map((doc) => [String(doc[key]), doc]));
  const fresh: AcceptedRow[] = [];
  const changed: AcceptedRow[] = [];
  for (const row of rows) {
    const current = stored.get(idOf(row));
    if (!current) fresh.push(row);
    else if (sameImportedFields(kind, current, row)) result.unchanged += 1;
    else changed.push(row);
  }
  if (fresh.length > 0) {
    try {
      // `_id` is the row's key: the product then reads it by `_id` (the only filter FerretDB v1 pushes down).
      result.inserted += (await target$.insertMany(fresh.map((row) => ({ ...defined(row), _id: idOf(row) })), { ordered: false })).insertedCount;
      result.insertedRows.push(...fresh);
    } catch (error) {
      // A concurrent import inserted some of them first: count ours, and update the others instead.
      if (!(error instanceof MongoBulkWriteError) || !isOnlyDuplicates(error)) throw error;
      result.inserted += error.result.insertedCount;
      const failed = new Set((Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).map((e) => e.index));
      changed.push(...fresh.filter((_, index) => failed.has(index)));
      result.insertedRows.push(...fresh.filter((_, index) => !failed.has(index)));
    }
  }
  if (kind === 'inventory') {
    await shelveUnits(db, result.insertedRows.filter((row) => row.grade === 'A').map((row) => ({ unitId: idOf(row), model: String(row.model) })));
  }
  if (kind === 'devices') {
    // New devices, and devices moved to another account or extension, are filed for the lookup by extension.
    const moved = changed.filter((row) => { const was = stored.get(idOf(row)); return !was || was.accountId !== row.accountId || was.extension !== row.extension; });
    await fileDevices(db, [...result.insertedRows, ...moved].map((row) => ({ mac: idOf(row), accountId: String(row.accountId), extension: row.extension as string | undefined })));
  }
  if (changed.length > 0) {
    const written = await target$.bulkWrite(changed.map((row) => upsertOf(kind, idOf(row), row)), { ordered: false });
    result.inserted += written.upsertedCount;
    result.updated += written.modifiedCount;
    result.unchanged += written.matchedCount - written.modifiedCount;
  }
  return result;
}

function upsertOf(kind: ImportKind, id: string, row: AcceptedRow): AnyBulkWriteOperation<StoredDocument> {
  const unset = Object.fromEntries(optionalFields[kind].filter((f) => row[f] === undefined).map((f) => [f, '']));
  const update: Record<string, unknown> = { $set: defined(row) };
  if (Object.keys(unset).length > 0) update.$unset = unset;
  update.$setOnInsert = { _id: id };
  return { updateOne: { filter: batchQueries.byKey(keyField[kind], id), update, upsert: true } };
}

function sameImportedFields(kind: ImportKind, stored: StoredDocument, row: AcceptedRow): boolean {
  const fields = new Set([...Object.keys(defined(row)), ...optionalFields[kind]]);
  return [...fields].every((field) => JSON.stringify(stored[field]) === JSON.stringify(row[field]));
}

function defined(row: AcceptedRow): AcceptedRow {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
}

function isOnlyDuplicates(error: MongoBulkWriteError): boolean {
  const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return errors.length > 0 && errors.every((e) => isDuplicateKey(e));
}
