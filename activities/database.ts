/**
 * The product's database: every store's collections (data layer, carrier, notifications), their indexes and the
 * versioned migrations that bring an older database up to date. Run once at start by the worker, the API, the tools
 * and the tests (storage/migrations.ts: safe from two processes at once).
 */
import type { Db } from 'mongodb';
import { moveTrackingToWorkingSet } from '../carrier/migrate';
import { carrierIndexes } from '../carrier/indexes';
import { dataIndexes } from '../data/indexes';
import { addAttentionToWorkingSet, fileStoredDevices, moveTimelineIntoClaims, moveToWorkingSet, shelveAvailableUnits } from '../data/migrate';
import { notificationIndexes } from '../notifications/indexes';
import type { IndexSpec } from '../storage/index-spec';
import { ensureIndexes, runMigrations, type Migration, type MigrationReport } from '../storage/migrations';

/** Every index the product needs: the data layer's, the carrier module's and the notification module's. */
export function allIndexSpecs(): IndexSpec[] {
  return [...dataIndexes, ...carrierIndexes, ...notificationIndexes];
}

/** The product's migrations, in order. Index specs may grow without a new version: every run ensures all of them. */
export const migrations: Migration[] = [
  { version: 1, description: 'indexes of data, carrier and notification collections', up: (db) => ensureIndexes(db, allIndexSpecs()).then(() => undefined) },
  { version: 2, description: 'timeline entries move from claim_timeline into their claim (timelineByKey)', up: moveTimelineIntoClaims },
  {
    version: 3, description: 'tasks move into their claim; search lists, token lookups, working sets and history lists',
    up: async (db) => { await moveToWorkingSet(db); await moveTrackingToWorkingSet(db); },
  },
  { version: 4, description: 'available grade-A units on the shelf (units_available)', up: shelveAvailableUnits },
  {
    version: 5, description: 'devices filed by account and extension (device_index); support-attention entries on the working set',
    up: async (db) => { await fileStoredDevices(db); await addAttentionToWorkingSet(db); },
  },
];

/** Brings `db` up to date: missing migrations in order, then every index. */
export function migrate(db: Db): Promise<MigrationReport> {
  return runMigrations(db, migrations, allIndexSpecs());
}
