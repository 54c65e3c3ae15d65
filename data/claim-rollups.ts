/**
 * Report figures of finished claims kept as rollups: one document per closing day (`day:<YYYY-MM-DD>`) folded from
 * that day's list of finished claims, and one per month (`month:<YYYY-MM>`) folded from its days. A past day never
 * changes (a claim is filed under the day its projection finished it, by the read model's clock), so its rollup
 * is written once, the first time it is asked for, and a fold is deterministic: two processes folding the same day
 * write the same document. Today's figures are folded live from today's list, each process folding only what was
 * filed since it last looked. Reports and counts read a few rollup documents by `_id`, never the claims.
 */
import { isDuplicateKey } from '../storage/first-writer';
import type { Db } from 'mongodb';
import type { ClaimStatus } from '../domain/types';
import { claimListKeys, claimLists } from './claim-index';
import { collection, collectionNames as c } from './collections';
import { slotId } from '../storage/numbered-list';
import type { ClaimSummary } from './schemas/claim';

/**
 * Tenths of an hour (a whole number: `183` is 18.3 h) → how many claims took that long. Keys carry no `.`, which
 * FerretDB refuses in a stored field name (so a past period's figures could not be saved).
 */
export type Histogram = Record<string, number>;

/** Figures of the claims that finished in a period. */
export interface PeriodFigures {
  claims: number;
  byStatus: Partial<Record<ClaimStatus, number>>;
  /** Model → terminal status → count. */
  byModel: Record<string, Partial<Record<ClaimStatus, number>>>;
  /** Fault → terminal status → count. */
  byFault: Record<string, Partial<Record<ClaimStatus, number>>>;
  /** Hours from trigger to hand-over, and to close, of the claims that were handed over. */
  hoursToHandOver: Histogram;
  hoursToClose: Histogram;
}

/** An empty period. */
export function emptyFigures(): PeriodFigures {
  return { claims: 0, byStatus: {}, byModel: {}, byFault: {}, hoursToHandOver: {}, hoursToClose: {} };
}

const HOUR_MS = 3_600_000;
const bucket = (ms: number) => String(Math.round(ms / HOUR_MS * 10));
const bump = <K extends string>(counts: Partial<Record<K, number>>, key: K, by = 1) => { counts[key] = (counts[key] ?? 0) + by; };

/** Adds one finished claim to `figures`. */
export function addClaim(figures: PeriodFigures, claim: ClaimSummary): void {
  const model = claim.model ?? 'unknown';
  const fault = claim.fault ?? 'unknown';
  figures.claims += 1;
  bump(figures.byStatus, claim.status);
  bump((figures.byModel[model] ??= {}), claim.status);
  bump((figures.byFault[fault] ??= {}), claim.status);
  if (claim.handedOverAt) {
    const opened = Date.parse(claim.openedAt);
    bump(figures.hoursToHandOver, bucket(Date.parse(claim.handedOverAt) - opened));
    if (claim.closedAt) bump(figures.hoursToClose, bucket(Date.parse(claim.closedAt) - opened));
  }
}

/** Adds the figures of `part` to `total`. */
export function addFigures(total: PeriodFigures, part: PeriodFigures): void {
  total.claims += part.claims;
  for (const [status, n] of Object.entries(part.byStatus)) bump(total.byStatus, status as ClaimStatus, n);
  for (const [target, source] of [[total.byModel, part.byModel], [total.byFault, part.byFault]] as const) {
    for (const [key, counts] of Object.entries(source)) {
      for (const [status, n] of Object.entries(counts)) bump((target[key] ??= {}), status as ClaimStatus, n);
    }
  }
  for (const [tenths, n] of Object.entries(part.hoursToHandOver)) bump(total.hoursToHandOver, tenths, n);
  for (const [tenths, n] of Object.entries(part.hoursToClose)) bump(total.hoursToClose, tenths, n);
}

/** The `p` quantile (0–1) of a histogram, in hours, or null when empty. */
export function quantileHours(histogram: Histogram, p: number): number | null {
  const points = Object.entries(histogram).map(([tenths, n]) => [Number(tenths) / 10, n] as const).sort((a, b) => a[0] - b[0]);
  const total = points.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [hours, n] of points) {
    seen += n;
    if (seen >= p * total) return hours;
  }
  return points[points.length - 1]![0];
}

const rollups = (db: Db) => collection(db, c.claimRollups);

/** Past periods' figures never change: each process keeps those it read (bounded: a few thousand periods). */
const remembered = new Map<string, PeriodFigures>();
const MAX_REMEMBERED = 5_000;

/** The stored figures of a past period (`day:…` / `month:…`), from this process's memory or one read by `_id`. */
async function storedFigures(db: Db, id: string): Promise<PeriodFigures | null> {
  const key = `${db.databaseName}|${id}`;
  const known = remembered.get(key);
  if (known) return known;
  const stored = await rollups(db).findOne({ _id: id });
  if (!stored) return null;
  remember(key, stored.figures as PeriodFigures);
  return stored.figures as PeriodFigures;
}

async function saveFigures(db: Db, id: string, figures: PeriodFigures): Promise<void> {
  await rollups(db).updateOne({ _id: id }, { $set: { figures } }, { upsert: true }).catch(ignoreRace);
  remember(`${db.databaseName}|${id}`, figures);
}

function remember(key: string, figures: PeriodFigures): void {
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(key, figures);
}

/** Folds a day's list of finished claims (bounded by that day's volume). */
async function foldDay(db: Db, day: string): Promise<PeriodFigures> {
  const figures = emptyFigures();
  for (const entry of await claimLists(db).all(claimListKeys.closedOn(day))) addClaim(figures, entry.item);
  return figures;
}

/** Today's list as this process folded it so far, per database: every entry up to `through`, once per claim. */
const todays = new Map<string, { day: string; through: number; seen: Set<string>; figures: PeriodFigures }>();

/**
 * Today's figures, folding only the entries filed since the last call (the list is append-only): a report or a
 * metrics scrape reads the list's counter and what is new, not the whole day. Entries past a gap (an append under
 * way) are counted in this answer only, and folded for good once the gap is filled.
 */
async function foldToday(db: Db, day: string): Promise<PeriodFigures> {
  let fold = todays.get(db.databaseName);
  if (fold?.day !== day) todays.set(db.databaseName, (fold = { day, through: 0, seen: new Set(), figures: emptyFigures() }));
  const { entries, through } = await claimLists(db).since(claimListKeys.closedOn(day), fold.through + 1);
  const later = emptyFigures();
  const seenLater = new Set<string>();
  for (const entry of entries) {
    const kept = entry.n <= through;
    if (fold.seen.has(entry.itemId) || (!kept && seenLater.has(entry.itemId))) continue;
    (kept ? fold.seen : seenLater).add(entry.itemId);
    addClaim(kept ? fold.figures : later, entry.item);
  }
  fold.through = through;
  if (seenLater.size === 0) return fold.figures;
  addFigures(later, fold.figures);
  return later;
}

/** The figures of the claims finished on `day` (UTC); a past day's are stored the first time they are asked for. */
export async function dayFigures(db: Db, day: string, today: string): Promise<PeriodFigures> {
  if (day >= today) return foldToday(db, day);
  const stored = await storedFigures(db, `day:${day}`);
  if (stored) return stored;
  const figures = await foldDay(db, day);
  await saveFigures(db, `day:${day}`, figures);
  return figures;
}

/** The figures of the claims finished in `month` (`YYYY-MM`), from its days; a past month's are stored once asked for. */
export async function monthFigures(db: Db, month: string, today: string): Promise<PeriodFigures> {
  const past = month < today.slice(0, 7);
  if (past) {
    const stored = await storedFigures(db, `month:${month}`);
    if (stored) return stored;
  }
  const total = emptyFigures();
  for (const figures of await Promise.all(daysOf(month).filter((day) => day <= today).map((day) => dayFigures(db, day, today)))) addFigures(total, figures);
  if (past) await saveFigures(db, `month:${month}`, total);
  return total;
}

/** Stores the figures of a past day or month (the seeding command writes the rollups of the history it creates). */
export async function storeFigures(db: Db, period: { day: string } | { month: string }, figures: PeriodFigures): Promise<void> {
  await saveFigures(db, 'day' in period ? `day:${period.day}` : `month:${period.month}`, figures);
}

/** The figures of every claim finished since the first claim was opened: one rollup read per month of history. */
export async function allTimeFigures(db: Db, today: string): Promise<PeriodFigures> {
  const first = await firstOpenedDay(db);
  const total = emptyFigures();
  if (!first) return total;
  for (const figures of await Promise.all(monthsBetween(first.slice(0, 7), today.slice(0, 7)).map((month) => monthFigures(db, month, today)))) {
    addFigures(total, figures);
  }
  return total;
}

/** The day the first claim was opened (the `opened` list's first entries), or null when there is none. */
async function firstOpenedDay(db: Db): Promise<string | null> {
  const index = collection(db, c.claimIndex);
  for (let n = 1; n <= 5; n += 1) {
    const slot = await index.findOne({ _id: slotId(claimListKeys.opened, n) });
    if (slot) return String((slot.item as ClaimSummary).openedAt).slice(0, 10);
  }
  return null;
}

/** Every day of a month, `YYYY-MM-DD`. */
export function daysOf(month: string): string[] {
  const [year, monthNo] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, monthNo, 0)).getUTCDate();
  return Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The months from `first` to `last` inclusive (`YYYY-MM`). */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let [year, month] = first.split('-').map(Number) as [number, number]; `${year}-${String(month).padStart(2, '0')}` <= last;) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

function ignoreRace(error: unknown): void {
  if (!isDuplicateKey(error)) throw error; // two folds of the same period: the same figures
}
