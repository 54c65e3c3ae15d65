/**
 * "First writer wins": the one arbiter the product uses where several callers may race for the same thing (a unit,
 * a purchase attempt, an email send attempt, a list slot). FerretDB v1 applies conditional updates non-atomically
 * (several callers can all "win" an `updateOne` with a state in its filter), while an insert checked by a unique
 * index — `_id` here — is atomic on FerretDB and MongoDB alike.
 */
import {
  MongoBulkWriteError, MongoServerError, type AnyBulkWriteOperation, type Collection, type Document, type OptionalUnlessRequiredId,
} from 'mongodb';

/** True when `error` is MongoDB's duplicate-key error (code 11000): a unique index refused the write. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError ? error.code === 11000
    : typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Inserts `doc`; true when this caller's insert won, false when a document with its unique key was there first. */
export async function firstInsertWins<T extends Document>(target: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<boolean> {
  try {
    await target.insertOne(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * Inserts `docs` in one command, each its own race (unordered: a document whose key was there first does not stop
 * the others); for each, in order, true when this caller's insert won.
 */
export async function firstInsertsWin<T extends Document>(target: Collection<T>, docs: ReadonlyArray<OptionalUnlessRequiredId<T>>): Promise<boolean[]> {
  if (docs.length === 0) return [];
  try {
    await target.insertMany([...docs], { ordered: false });
    return docs.map(() => true);
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (writeErrors.some((writeError) => writeError.code !== 11000)) throw error;
    const lost = new Set(writeErrors.map((writeError) => writeError.index));
    return docs.map((_, index) => !lost.has(index));
  }
}

/**
 * `firstInsertsWin` as upserts: each document is an `$setOnInsert` upsert by its `_id` (the same arbiter: the unique
 * `_id`), sent in one `update` command with `alongside`, updates of other documents in the same collection (e.g. a
 * counter). For each document, in order, true when this caller's upsert created it. When the command reports a
 * duplicate key (FerretDB v1 then stops, and does not say which upserts it made before), the documents not reported
 * created are read back, and one counts as created when `isOurs(stored)` (a repeat of the caller's own write).
 */
export async function firstUpsertsWin<T extends Document & { _id: string }>(
  target: Collection<T>, docs: ReadonlyArray<T>, options: { alongside?: ReadonlyArray<AnyBulkWriteOperation<T>>; isOurs: (stored: T, doc: T) => boolean },
): Promise<boolean[]> {
  if (docs.length === 0) return [];
  const upserts = docs.map(({ _id, ...fields }): AnyBulkWriteOperation<T> => ({
    updateOne: { filter: { _id } as never, update: { $setOnInsert: fields } as never, upsert: true },
  }));
  try {
    const created = idsOf((await target.bulkWrite([...upserts, ...(options.alongside ?? [])], { ordered: false })).upsertedIds);
    return docs.map((doc) => created.has(doc._id));
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (writeErrors.some((writeError) => writeError.code !== 11000)) throw error;
    const created = idsOf(error.result.upsertedIds);
    const unsure = docs.filter((doc) => !created.has(doc._id)).map((doc) => doc._id);
    const stored = new Map((await target.find({ _id: { $in: unsure } } as never).toArray()).map((doc) => [String(doc._id), doc as T]));
    return docs.map((doc) => created.has(doc._id) || (stored.has(doc._id) && options.isOurs(stored.get(doc._id)!, doc)));
  }
}

/** The `_id`s a bulk write upserted (by value: FerretDB v1 numbers them among themselves, not by statement). */
function idsOf(upserted: Record<number, unknown>): Set<string> {
  return new Set(Object.values(upserted).map(String));
}
