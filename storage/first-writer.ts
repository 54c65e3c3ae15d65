/**
 * "First writer wins": the one arbiter the product uses where several callers may race for the same thing (a unit,
 * a purchase attempt, an email send attempt, a list slot). FerretDB v1 applies conditional updates non-atomically
 * (several callers can all "win" an `updateOne` with a state in its filter), while an insert checked by a unique
 * index — `_id` here — is atomic on FerretDB and MongoDB alike.
 */
import { MongoBulkWriteError, MongoServerError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

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
