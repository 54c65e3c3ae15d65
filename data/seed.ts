/**
 * Realistic seed data for the embedded stack, the demo and tests (`data/seed/*.json`). Dates in the files are
 * relative to `today`, so the scenarios (in warranty, last covered day, just expired, active/expired lease) hold on
 * any day. Seeding goes through the import path (validated rows, upserts), so running it twice changes nothing.
 */
import type { Db } from 'mongodb';
import { importRecords, type ImportReport } from './import/run';
import type { ImportKind } from './import/rows';
import devices from './seed/devices.json';
import inventory from './seed/inventory.json';
import leases from './seed/leases.json';
import models from './seed/models.json';

/** What seeding did, per kind. */
export type SeedReport = Record<ImportKind, Pick<ImportReport, 'accepted' | 'inserted' | 'updated' | 'unchanged'>>;

/** Seeds `db` (a migrated database: activities/database.ts `migrate`) with models, leases, devices and refurbished stock, dated relative to `today`. */
export async function seedDatabase(db: Db, today: Date | string = new Date()): Promise<SeedReport> {
  const day = typeof today === 'string' ? today : today.toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`seedDatabase: today must be a date YYYY-MM-DD, got ${day}`);
  const rows: Record<ImportKind, unknown[]> = {
    leases: leases.map(({ note: _note, startsDaysAgo, endsInDays, ...lease }) => ({
      ...lease, startsOn: shiftDays(day, -startsDaysAgo), endsOn: shiftDays(day, endsInDays),
    })),
    models,
    devices: devices.map(({ note: _note, purchased, ...device }) => {
      const { yearsAgo = 0, daysAgo = 0 } = purchased as { yearsAgo?: number; daysAgo?: number };
      return { ...device, purchasedOn: shiftDays(yearsBefore(day, yearsAgo), -daysAgo) };
    }),
    inventory,
  };
  const report = {} as SeedReport;
  for (const kind of ['leases', 'models', 'devices', 'inventory'] as const) {
    const records = rows[kind].map((record, index) => ({ row: index + 1, record }));
    const result = await importRecords(db, kind, records, `data/seed/${kind}.json`, { today: day });
    if (result.rejectedRows > 0) {
      throw new Error(`seed data ${kind} is invalid: ${result.rejected.map((r) => `row ${r.row} ${r.field}: ${r.reason}`).join('; ')}`);
    }
    report[kind] = { accepted: result.accepted, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged };
  }
  return report;
}

/** `day` moved by `days` calendar days. */
export function shiftDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The same calendar date `years` earlier; 29 February becomes 28 February in a year without it. */
export function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
