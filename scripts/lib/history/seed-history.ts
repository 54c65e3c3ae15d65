/**
 * Fills a database with a history of finished claims, fast: every document is built in memory with the product's
 * functions (scripts/lib/history/claim-documents.ts) and written in large unordered `insertMany` batches; the
 * numbered lists get their entries through the lists' bulk appender (storage/numbered-list.ts) — the opening, MAC,
 * email and extension lists in opening order, the terminal-status and closing-day lists in closing order — and the
 * rollups of past days and months are folded in memory with the product's fold (`addClaim`, `addFigures`) and stored.
 *
 * It needs a quiet database whose claims history is empty (no claim was ever opened in it): the bulk appender hands
 * out list numbers without the counter step, and past days' rollups are written once. An interrupted run leaves a
 * partial history: drop the database and seed again.
 */
import type { Db } from 'mongodb';
import { claimListKeys, claimLists } from '../../../data/claim-index';
import { addClaim, addFigures, daysOf, emptyFigures, monthsBetween, storeFigures, type PeriodFigures } from '../../../data/claim-rollups';
import { collectionNames as c, type StoredDocument } from '../../../data/collections';
import { importRecords } from '../../../data/import/run';
import { migrate } from '../../../activities/database';
import models from '../../../data/seed/models.json';
import type { ClaimSummary } from '../../../data/schemas/claim';
import { utcDateOf } from '../../../domain/dates';
import { EMAIL_OUTBOX_COLLECTION } from '../../../notifications/indexes';
import { UserFacingError } from '../../../entry/errors';
import { claimDocuments, type ClaimDocuments, type HistoryContext } from './claim-documents';
import { accountCount, customerOf, type Customer } from './customers';
import { claimTiming, OUTCOME_MIX, type FinishedStatus } from './plan';

/** What to seed. */
export interface HistoryOptions {
  claims: number;
  /** The claims close over the `days` days before `now`. */
  days: number;
  /** The same seed gives the same history (default 1). */
  seed?: number;
  now?: Date;
  /** The domain of the emails' Message-IDs (the mailer's, from MAIL_FROM). */
  messageIdDomain: string;
}

/** Where a running seed is. */
export interface HistoryProgress {
  step: 'claims' | 'history lists' | 'rollups';
  done: number;
  total: number;
}

/** What was written, and how long each step took. */
export interface HistoryReport {
  claims: number;
  byStatus: Record<FinishedStatus, number>;
  tasks: number;
  emails: number;
  devices: number;
  units: number;
  tokenLookups: number;
  listEntries: number;
  lists: number;
  rollups: { days: number; months: number };
  firstOpenedAt: string;
  lastClosedAt: string;
  seconds: { claims: number; historyLists: number; rollups: number; total: number };
  claimsPerSecond: number;
}

/** Claims whose documents are built and written at once. */
const BATCH = 1_000;
/** At most this many claims: the MACs carry the claim's index in 24 bits. */
export const MAX_HISTORY_CLAIMS = 2 ** 24;

/** Seeds `options.claims` finished claims into `db`; `progress` hears after every batch. */
export async function seedHistory(db: Db, options: HistoryOptions, progress: (at: HistoryProgress) => void = () => undefined): Promise<HistoryReport> {
  const started = Date.now();
  const now = (options.now ?? new Date()).getTime();
  const seed = options.seed ?? 1;
  await migrate(db);
  const lists = claimLists(db);
  if (await lists.top(claimListKeys.opened) > 0) {
    throw new UserFacingError(`database ${db.databaseName} already holds claims: seed the history into a database where no claim was ever opened`);
  }
  await importModels(db);
  const timings = Array.from({ length: options.claims }, (_, index) => claimTiming(seed, index, options.days, now));
  const customers = new Map<number, Customer>();
  const context: HistoryContext = {
    seed, models: models.map((model) => model.model), accounts: accountCount(options.claims), messageIdDomain: options.messageIdDomain,
    customer: (index) => customers.get(index) ?? customers.set(index, customerOf(seed, index)).get(index)!,
  };
  const appender = lists.bulkAppender({ emptyLists: true });
  const report = emptyReport(options.claims);
  const finishedLines: Array<ClaimSummary & { closedAt: string }> = new Array(options.claims);

  const opening = [...timings].sort((a, b) => a.openedAt - b.openedAt || a.index - b.index);
  let writing = Promise.resolve();
  for (let from = 0; from < opening.length; from += BATCH) {
    const batch = opening.slice(from, from + BATCH).map((timing) => claimDocuments(timing, context));
    for (const [i, docs] of batch.entries()) finishedLines[opening[from + i]!.index] = docs.finishedLine;
    await writing; // the next batch is built while the last one is written
    const done = Math.min(from + BATCH, opening.length);
    writing = writeClaims(db, batch, appender, report).then(() => progress({ step: 'claims', done, total: opening.length }));
  }
  await writing;
  const claimsDone = Date.now();

  const closing = [...timings].sort((a, b) => a.closedAt - b.closedAt || a.index - b.index).map((timing) => finishedLines[timing.index]!);
  const byDay = new Map<string, PeriodFigures>();
  for (let from = 0; from < closing.length; from += BATCH) {
    const batch = closing.slice(from, from + BATCH);
    await appender.append(batch.flatMap((line) => [
      { list: claimListKeys.byTerminalStatus(line.status), itemId: line.claimId, item: line },
      { list: claimListKeys.closedOn(line.closedAt.slice(0, 10)), itemId: line.claimId, item: line },
    ]));
    for (const line of batch) addClaim(byDay.get(line.closedAt.slice(0, 10)) ?? byDay.set(line.closedAt.slice(0, 10), emptyFigures()).get(line.closedAt.slice(0, 10))!, line);
    report.listEntries += batch.length * 2;
    progress({ step: 'history lists', done: Math.min(from + BATCH, closing.length), total: closing.length });
  }
  report.lists = await appender.finish();
  const listsDone = Date.now();

  const firstOpenedAt = opening[0]?.openedAt ?? now;
  report.rollups = await storeRollups(db, byDay, utcDateOf(firstOpenedAt), utcDateOf(now), progress);
  const done = Date.now();
  report.firstOpenedAt = new Date(firstOpenedAt).toISOString();
  report.lastClosedAt = closing[closing.length - 1]?.closedAt ?? new Date(now).toISOString();
  report.seconds = { claims: (claimsDone - started) / 1000, historyLists: (listsDone - claimsDone) / 1000, rollups: (done - listsDone) / 1000, total: (done - started) / 1000 };
  report.claimsPerSecond = options.claims / report.seconds.total;
  return report;
}

function emptyReport(claims: number): HistoryReport {
  const byStatus = Object.fromEntries(Object.keys(OUTCOME_MIX).map((status) => [status, 0])) as Record<FinishedStatus, number>;
  return {
    claims, byStatus, tasks: 0, emails: 0, devices: 0, units: 0, tokenLookups: 0, listEntries: 0, lists: 0, rollups: { days: 0, months: 0 },
    firstOpenedAt: '', lastClosedAt: '', seconds: { claims: 0, historyLists: 0, rollups: 0, total: 0 }, claimsPerSecond: 0,
  };
}

/** The seed models (the history's claims are for them), through the import path: idempotent. */
async function importModels(db: Db): Promise<void> {
  const imported = await importRecords(db, 'models', models.map((record, index) => ({ row: index + 1, record })), 'data/seed/models.json');
  if (imported.rejectedRows > 0) throw new Error(`seed models rejected: ${JSON.stringify(imported.rejected)}`);
}

/** Writes one batch of claims with everything they left behind, and files them under the opening-order lists. */
async function writeClaims(db: Db, batch: ClaimDocuments[], appender: ReturnType<ReturnType<typeof claimLists>['bulkAppender']>, report: HistoryReport): Promise<void> {
  const insert = async (target: string, docs: object[]) => {
    if (docs.length > 0) await db.collection<StoredDocument>(target, { ignoreUndefined: true }).insertMany(docs as StoredDocument[], { ordered: false });
  };
  const listed = batch.flatMap(({ openedLine: line }) => [
    claimListKeys.opened, claimListKeys.byMac(line.mac), claimListKeys.byEmail(line.email), claimListKeys.byExtension(line.extension),
  ].map((list) => ({ list, itemId: line.claimId, item: line })));
  // One write at a time: SQLite has one writer per database, and parallel writers only wait for each other.
  await insert(c.claims, batch.map(({ claim }) => ({ _id: claim.claimId, ...claim })));
  await insert(c.devices, batch.flatMap((docs) => docs.devices));
  await insert(c.inventoryUnits, batch.flatMap((docs) => (docs.unit ? [docs.unit] : [])));
  await insert(c.unitReservations, batch.flatMap((docs) => (docs.reservation ? [docs.reservation] : [])));
  await insert(c.claimLookups, batch.map((docs) => docs.lookup));
  await insert(EMAIL_OUTBOX_COLLECTION, batch.flatMap((docs) => docs.emails));
  await appender.append(listed);
  for (const docs of batch) {
    report.byStatus[docs.claim.status as FinishedStatus] += 1;
    report.tasks += Object.keys(docs.claim.tasks).length;
    report.emails += docs.emails.length;
    report.devices += docs.devices.length;
    report.units += docs.unit ? 1 : 0;
    report.tokenLookups += 1;
  }
  report.listEntries += listed.length;
}

/** Stores the figures of every past day from the first opening to yesterday and of every past month (empty ones too). */
async function storeRollups(db: Db, byDay: Map<string, PeriodFigures>, firstDay: string, today: string, progress: (at: HistoryProgress) => void): Promise<{ days: number; months: number }> {
  const months = monthsBetween(firstDay.slice(0, 7), today.slice(0, 7));
  const pastMonths = months.filter((month) => month < today.slice(0, 7));
  let days = 0;
  for (const [i, month] of months.entries()) {
    const total = emptyFigures();
    for (const day of daysOf(month).filter((candidate) => candidate >= firstDay && candidate < today)) {
      const figures = byDay.get(day) ?? emptyFigures();
      await storeFigures(db, { day }, figures);
      addFigures(total, figures);
      days += 1;
    }
    if (pastMonths.includes(month)) await storeFigures(db, { month }, total);
    progress({ step: 'rollups', done: i + 1, total: months.length });
  }
  return { days, months: pastMonths.length };
}
