/**
 * Start-up migrations: versioned, idempotent steps recorded in `migrations`, then every index spec ensured.
 *
 * Safe to run from two processes at once without a transaction: every step is idempotent (creating an index that
 * exists with the same spec is a no-op, and a concurrent creation of the same spec is re-checked, not failed), and
 * the version record is an upsert keyed by `_id`, so a lost race just finds the record already there.
 */
import { MongoServerError, type Db } from 'mongodb';
import { isDuplicateKey } from './first-writer';
import type { IndexSpec } from './index-spec';

/** One versioned, idempotent migration step. */
export interface Migration {
  version: number;
  description: string;
  up(db: Db): Promise<void>;
}

/** What a migration run did. */
export interface MigrationReport {
  appliedVersions: number[];
  createdIndexes: string[];
}

/** Brings `db` up to date: runs the missing versions of `migrations` in order, then ensures every index of `specs`. */
export async function runMigrations(db: Db, migrations: readonly Migration[], specs: readonly IndexSpec[]): Promise<MigrationReport> {
  const records = db.collection<{ _id: string }>('migrations');
  const appliedVersions: number[] = [];
  for (const migration of migrations) {
    const id = `v${migration.version}`;
    if (await records.findOne({ _id: id })) continue;
    await migration.up(db);
    const result = await upsertIgnoringRace(() =>
      records.updateOne(
        { _id: id },
        { $setOnInsert: { version: migration.version, description: migration.description, appliedAt: new Date().toISOString() } },
        { upsert: true },
      ),
    );
    if (result) appliedVersions.push(migration.version);
  }
  const createdIndexes = await ensureIndexes(db, specs);
  return { appliedVersions, createdIndexes };
}

/** Creates the indexes of `specs` that do not exist yet; returns the names it created. A same-name different spec is an error. */
export async function ensureIndexes(db: Db, specs: readonly IndexSpec[]): Promise<string[]> {
  const created: string[] = [];
  for (const spec of specs) {
    const existing = await findIndex(db, spec);
    if (existing) continue;
    try {
      await db.collection(spec.collection).createIndex(spec.key, { name: spec.name, unique: spec.unique ?? false });
      created.push(spec.name);
    } catch (error) {
      // Another process may have created it between our check and our call: accept it if it now matches.
      if (!(await findIndex(db, spec))) throw error;
    }
  }
  return created;
}

async function findIndex(db: Db, spec: IndexSpec): Promise<boolean> {
  const indexes = await db.collection(spec.collection).listIndexes().toArray().catch(ignoreMissingCollection);
  const found = indexes.find((index) => index.name === spec.name);
  if (!found) return false;
  const sameKey = JSON.stringify(found.key) === JSON.stringify(spec.key);
  if (!sameKey || Boolean(found.unique) !== Boolean(spec.unique)) {
    throw new Error(`index ${spec.collection}.${spec.name} exists with a different definition: drop it or rename the spec`);
  }
  return true;
}

function ignoreMissingCollection(error: unknown): never[] {
  if (error instanceof MongoServerError && error.code === 26) return [];
  throw error;
}

/** Runs an upsert; a duplicate-key error means a concurrent upsert of the same key won, which is reported as `false`. */
async function upsertIgnoringRace(run: () => Promise<{ upsertedCount: number }>): Promise<boolean> {
  try {
    return (await run()).upsertedCount === 1;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
