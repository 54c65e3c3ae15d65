/**
 * Refurbished inventory: reservation of grade-A units, release, shipping, back-orders and restock.
 *
 * Why a separate `unit_reservations` collection: on FerretDB v1 a conditional update (`updateOne` or
 * `findOneAndUpdate` with `status: 'available'` in the filter) is NOT atomic under concurrency — our probe saw
 * several callers all "win" the same document. An insert checked by a unique index is atomic on both FerretDB and
 * MongoDB, so the arbiter is one insert into `unit_reservations` (`_id` = claimId, unique index on `unitId`): one
 * holder per unit, one unit per claim. A unit's state has that one owner: reserved or shipped while a reservation
 * names it (`state`, `shippedAt`), on the shelf (`units_available`) while it can be reserved. The unit document is
 * the catalogue entry (model, grade, serial) and is not written when the unit moves; its `status`, `reservedFor`,
 * `reservedAt` and `shippedAt` fields are from older versions, which mirrored the reservation there.
 */
import { firstInsertWins, isDuplicateKey } from '../storage/first-writer';
import type { Db } from 'mongodb';
import { z } from 'zod';
import type { ReservedUnit } from '../domain/types';
import { collection, collectionNames as c } from './collections';
import { findModel } from './devices';
import { claimQueries, reservationQueries, unitQueries } from './queries';
import { inventoryUnitDocSchema, unitGrade } from './schemas/registry';
import { parseOrThrow } from './validation';
import { shelvedUnitsOf, shelveUnits, unshelveUnit } from './stock';

const reservationSchema = z.object({
  unitId: z.string(), claimId: z.string(), model: z.string(), state: z.enum(['reserved', 'shipped']), reservedAt: z.string(), shippedAt: z.string().optional(),
});
type Reservation = z.output<typeof reservationSchema>;

const units = (db: Db) => collection(db, c.inventoryUnits);
const reservations = (db: Db) => collection(db, c.unitReservations);

/** The reservation the claim holds (reserved or shipped), or null. */
export async function reservationOf(db: Db, claimId: string): Promise<Reservation | null> {
  const doc = await reservations(db).findOne(reservationQueries.byClaimId(claimId));
  return doc ? parseOrThrow(reservationSchema, doc, `reservation of claim ${claimId}`) : null;
}

/**
 * Reserves a grade-A unit for the claim: the one it already holds (a retry), else the same model, else each model
 * of the compatibility list in order. Returns null when none is in stock and puts the claim on the waiting list.
 * Multi-step but safe without a transaction: the unique insert decides; every later step (the unit off the shelf,
 * off the waiting list) is idempotent and redone by a retry, which finds the reservation already held.
 */
export async function reserveUnitForClaim(db: Db, claimId: string, model: string, now: Date, options: { neverWaited?: boolean } = {}): Promise<ReservedUnit | null> {
  // A claim that never waited, on its first attempt, holds nothing yet (only a restock reserves for a waiting claim,
  // only an earlier attempt for this one): no read. A concurrent attempt's reservation is still found by the insert.
  let held = options.neverWaited ? null : await reservationOf(db, claimId);
  if (!held) held = await reserveAnyOfModel(db, claimId, model, now);
  if (!held) {
    // No unit of the model itself: its similar models, read from the model list only now.
    for (const candidate of (await findModel(db, model))?.similarModels ?? []) {
      held = await reserveAnyOfModel(db, claimId, candidate, now);
      if (held) break;
    }
  }
  if (!held) {
    await addToWaitingList(db, claimId, model, now);
    return null;
  }
  if (!options.neverWaited) await collection(db, c.backorders).deleteOne(reservationQueries.backorderOfClaim(claimId));
  return { unitId: held.unitId, model: held.model, sameModel: held.model === model };
}

/** Units read per batch while looking for one to reserve: a reservation reads a few batches at most, not the whole stock. */
const CANDIDATE_BATCH = 25;

/**
 * Tries available grade-A units of `model` (one unique insert per attempt) until one is ours, reading them in
 * batches through one cursor and stopping at the first win; within a batch the start is random to spread contention.
 */
async function reserveAnyOfModel(db: Db, claimId: string, model: string, now: Date): Promise<Reservation | null> {
  for await (const batch of shelvedUnitsOf(db, model, CANDIDATE_BATCH)) {
    const won = await reserveOneOf(db, claimId, model, batch, now);
    if (won) return won;
  }
  return null;
}

/** Tries `unitIds` from a random start; the claim's reservation (ours, or a concurrent attempt's of this claim), or null. */
async function reserveOneOf(db: Db, claimId: string, model: string, unitIds: string[], now: Date): Promise<Reservation | null> {
  const start = Math.floor(Math.random() * unitIds.length);
  for (const unitId of [...unitIds.slice(start), ...unitIds.slice(0, start)]) {
    const reservation: Reservation = { unitId, claimId, model, state: 'reserved', reservedAt: now.toISOString() };
    if (await firstInsertWins(reservations(db), { _id: claimId, ...reservation })) {
      await unshelveUnit(db, unitId);
      return reservation;
    }
    // Either the unit is held by another claim (try the next) or a concurrent attempt of this claim won.
    const ours = await reservationOf(db, claimId);
    if (ours) return ours;
  }
  return null;
}

/** Puts the claim's reserved (not shipped) unit back in stock and takes it off the waiting list. A retry finds nothing. */
export async function releaseUnitsOfClaim(db: Db, claimId: string): Promise<boolean> {
  // Off the waiting list first, then read: a restock that reserved for this claim meanwhile is seen and released
  // (`reserveArrivedUnit` undoes its own reservation when the entry is already gone).
  await collection(db, c.backorders).deleteOne(reservationQueries.backorderOfClaim(claimId));
  const held = await reservationOf(db, claimId);
  if (!held || held.state !== 'reserved') return false;
  // Back on the shelf first, while we still hold the unit; then drop the reservation. A crash in between is redone by a retry.
  await shelveUnits(db, [{ unitId: held.unitId, model: held.model }]);
  await reservations(db).deleteOne(reservationQueries.heldForClaim(claimId));
  return true;
}

/**
 * Marks the claim's unit as shipped (it left stock for good): one write of its reservation by `_id`. Idempotent: a
 * retry sets the same state again (and the time of the retry). A claim holding no unit writes nothing.
 */
export async function markUnitsShipped(db: Db, claimId: string, now: Date): Promise<void> {
  await reservations(db).updateOne(reservationQueries.byClaimId(claimId), { $set: { state: 'shipped', shippedAt: now.toISOString() } });
}

async function addToWaitingList(db: Db, claimId: string, model: string, now: Date): Promise<void> {
  const claim = await collection(db, c.claims).findOne(claimQueries.byClaimId(claimId), { projection: { workflowId: 1, openedAt: 1 } });
  const entry = { claimId, model, workflowId: claim ? String(claim.workflowId) : null, openedAt: claim ? String(claim.openedAt) : null, since: now.toISOString() };
  try {
    await collection(db, c.backorders).updateOne(reservationQueries.backorderOfClaim(claimId), { $setOnInsert: entry }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error; // a concurrent attempt put it there first
  }
}

/** A unit arriving in stock. */
export const restockUnitSchema = z.object({
  unitId: z.string().trim().min(1, 'must not be empty'),
  model: z.string().trim().min(1, 'must not be empty'),
  grade: unitGrade.default('A'),
  serial: z.string().trim().min(1).optional(),
});

/**
 * Adds units to stock (upsert by `unitId` with `$setOnInsert`: a unit already known, even reserved or shipped, is
 * never reset). Returns the units that were new; callers serve the waiting list with the grade-A ones (`reserveArrivedUnits`).
 */
export async function restockUnits(db: Db, input: z.input<typeof restockUnitSchema>[]): Promise<z.output<typeof restockUnitSchema>[]> {
  const added: z.output<typeof restockUnitSchema>[] = [];
  for (const raw of input) {
    const unit = parseOrThrow(restockUnitSchema, raw, 'restocked unit');
    const doc = parseOrThrow(inventoryUnitDocSchema, unit, 'inventory unit');
    try {
      const result = await units(db).updateOne(unitQueries.byUnitIdKey(unit.unitId), { $setOnInsert: { ...doc, _id: unit.unitId } }, { upsert: true });
      if (result.upsertedCount > 0) added.push(unit);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  await shelveUnits(db, added.filter((unit) => unit.grade === 'A'));
  return added;
}

/** A claim on the waiting list (`backorders`, one entry per claim while it is back-ordered). */
export interface WaitingClaim {
  claimId: string;
  workflowId: string | null;
  /** The model the claim wants (its own; it accepts the models on that model's similar list too). */
  model: string;
  /** When the claim was opened (first come, first served); older entries lack it and fall back to `since`. */
  openedAt: string | null;
  since: string;
}

const waitingClaimSchema = z.object({
  claimId: z.string(), workflowId: z.string().nullish(), model: z.string(), openedAt: z.string().nullish(), since: z.string(),
});

/**
 * The waiting list, oldest claim first (opened, then back-ordered, then claim id). Reads the whole `backorders`
 * collection, which is small by construction: an entry exists only while its claim is back-ordered (removed when the
 * claim reserves a unit or releases, i.e. is served or cancelled).
 */
export async function waitingClaims(db: Db): Promise<WaitingClaim[]> {
  const docs = await collection(db, c.backorders).find(reservationQueries.waitingList()).toArray();
  const waiting = docs.map((doc) => {
    const entry = parseOrThrow(waitingClaimSchema, doc, `back-order ${String(doc._id)}`);
    return { claimId: entry.claimId, workflowId: entry.workflowId ?? null, model: entry.model, openedAt: entry.openedAt ?? null, since: entry.since };
  });
  const firstCame = (claim: WaitingClaim) => claim.openedAt ?? claim.since;
  return waiting.sort((a, b) => firstCame(a).localeCompare(firstCame(b)) || a.since.localeCompare(b.since) || a.claimId.localeCompare(b.claimId));
}

/** A grade-A unit that just arrived in stock. */
export interface ArrivedUnit {
  unitId: string;
  model: string;
}

/** A waiting claim a restock reserved a unit for: its workflow is to be signalled. */
export interface ServedClaim extends WaitingClaim {
  unit: ReservedUnit;
}

/**
 * Serves the waiting list with units that just arrived, first come, first served: the oldest waiting claim that an
 * arrived unit can serve (its own model first, then its model's similar list in order) gets one, by the same unique
 * insert into `unit_reservations` as `reserveUnitForClaim` (one holder per unit, one unit per claim), so concurrent
 * restocks and a claim's own retry never hand out a unit twice. N units serve at most N claims; claims no arrived
 * unit fits are skipped. A claim that already holds a unit (its own retry won) is returned again, so a lost signal
 * is re-sent. A claim that left the list meanwhile (cancelled) gets its reservation undone and the unit goes on.
 * The caller signals each returned claim; its workflow's `reserveUnit` then finds the reservation already held.
 */
export async function reserveArrivedUnits(db: Db, arrived: readonly ArrivedUnit[], now: Date): Promise<ServedClaim[]> {
  const left = [...new Map(arrived.map((unit) => [unit.unitId, unit])).values()];
  const served: ServedClaim[] = [];
  const accepted = new Map<string, string[]>();
  const modelsAccepting = async (model: string) => {
    if (!accepted.has(model)) accepted.set(model, [model, ...((await findModel(db, model))?.similarModels ?? [])]);
    return accepted.get(model)!;
  };
  for (const claim of left.length > 0 ? await waitingClaims(db) : []) {
    if (left.length === 0) break;
    const models = await modelsAccepting(claim.model);
    for (;;) {
      const unit = models.map((model) => left.find((candidate) => candidate.model === model)).find((candidate) => candidate !== undefined);
      if (!unit) break;
      const outcome = await reserveArrivedUnit(db, claim, unit, now);
      if (outcome === 'unit-taken') {
        left.splice(left.indexOf(unit), 1);
        continue;
      }
      if (outcome === 'left-the-list') break;
      if (outcome === 'reserved') left.splice(left.indexOf(unit), 1);
      const held = await reservationOf(db, claim.claimId);
      if (held) served.push({ ...claim, unit: { unitId: held.unitId, model: held.model, sameModel: held.model === claim.model } });
      break;
    }
  }
  return served;
}

/** One unique insert for (claim, unit): `reserved`, the unit was `unit-taken`, the claim `already-holds` one, or it `left-the-list`. */
async function reserveArrivedUnit(db: Db, claim: WaitingClaim, unit: ArrivedUnit, now: Date): Promise<'reserved' | 'unit-taken' | 'already-holds' | 'left-the-list'> {
  const reservation: Reservation = { unitId: unit.unitId, claimId: claim.claimId, model: unit.model, state: 'reserved', reservedAt: now.toISOString() };
  if (!(await firstInsertWins(reservations(db), { _id: claim.claimId, ...reservation }))) {
    return (await reservationOf(db, claim.claimId)) ? 'already-holds' : 'unit-taken';
  }
  // The claim's release deletes its waiting-list entry before it reads its reservation (releaseUnitsOfClaim): if the
  // entry is still there now, a release that follows will see this reservation; if it is gone, undo it here.
  if (!(await collection(db, c.backorders).findOne(reservationQueries.backorderOfClaim(claim.claimId)))) {
    await reservations(db).deleteOne(reservationQueries.heldForClaimOfUnit(claim.claimId, unit.unitId));
    return 'left-the-list';
  }
  await unshelveUnit(db, unit.unitId);
  return 'reserved';
}
