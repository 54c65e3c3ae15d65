/**
 * Start-up migration: creates every index the product needs and records each applied version in `migrations`.
 *
 * Safe to run from two processes at once without a transaction: every step is idempotent (creating an index that
 * exists with the same spec is a no-op, and a concurrent creation of the same spec is re-checked, not failed), and
 * the version record is an upsert keyed by `_id`, so a lost race just finds the record already there.
 */
import { MongoServerError, type Db } from 'mongodb';
import type { IndexSpec } from './index-spec';
import { allIndexSpecs } from './indexes';
import { timelineField } from './claims';
import { collection, collectionNames } from './collections';
import { legacyTimelineDocSchema } from './schemas/claim';
import { moveToWorkingSet } from './migrate-working-set';

/** One versioned, idempotent migration step. */
export interface Migration {
  version: number;
  description: string;
  up(db: Db): Promise<void>;
}

/** The product's migrations, in order. Index specs may grow without a new version: every run ensures all of them. */
export const migrations: Migration[] = [
  { version: 1, description: 'indexes of data, carrier and notification collections', up: (db) => ensureIndexes(db, allIndexSpecs()).then(() => undefined) },
  { version: 2, description: 'timeline entries move from claim_timeline into their claim (timelineByKey)', up: moveTimelineIntoClaims },
  { version: 3, description: 'tasks move into their claim; search lists, token lookups, working set and history lists', up: moveToWorkingSet },
];

/**
 * Copies every `claim_timeline` entry into its claim's `timelineByKey` (one `$set` by `_id` per entry: a re-run
 * sets the same values). The old collection is left in place, unread, for a manual drop once checked.
 */
async function moveTimelineIntoClaims(db: Db): Promise<void> {
  const legacy = db.collection(collectionNames.claimTimeline).find({});
  for await (const raw of legacy) {
    const { claimId, ...entry } = legacyTimelineDocSchema.parse(raw);
    await collection(db, collectionNames.claims).updateOne({ _id: claimId }, { $set: { [timelineField(entry.key)]: entry } });
  }
}

/** What a `migrate` run did. */
export interface MigrationReport {
  appliedVersions: number[];
  createdIndexes: string[];
}

/** Brings `db` up to date: runs missing migration versions in order, then ensures every index exists. */
export async function migrate(db: Db): Promise<MigrationReport> {
  const records = collection(db, collectionNames.migrations);
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
  const createdIndexes = await ensureIndexes(db, allIndexSpecs());
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
    if (error instanceof MongoServerError && error.code === 11000) return false;
    throw error;
  }
}
