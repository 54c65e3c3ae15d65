/**
 * Refurbished inventory: reservation of grade-A units, release, shipping, back-orders and restock.
 *
 * Why a separate `unit_reservations` collection: on FerretDB v1 a conditional update (`updateOne` or
 * `findOneAndUpdate` with `status: 'available'` in the filter) is NOT atomic under concurrency — our probe saw
 * several callers all "win" the same document. An insert checked by a unique index is atomic on both FerretDB and
 * MongoDB, so the arbiter is one insert into `unit_reservations` (`_id` = claimId, unique index on `unitId`): one
 * holder per unit, one unit per claim. The `status`/`reservedFor` fields on the unit are a mirror for reads,
 * written only by the holder of the reservation, so writers of one unit document never overlap.
 */
import { MongoServerError, type Db } from 'mongodb';
import { z } from 'zod';
import type { ReservedUnit } from '../domain/types';
import { collection, collectionNames as c } from './collections';
import { findModel, modelsAcceptingAsSimilar } from './devices';
import { updateByKey } from './keyed';
import { claimQueries, reservationQueries, unitQueries } from './queries';
import { inventoryUnitDocSchema } from './schemas/registry';
import { parseOrThrow } from './validation';

const reservationSchema = z.object({ unitId: z.string(), claimId: z.string(), model: z.string(), state: z.enum(['reserved', 'shipped']), reservedAt: z.string() });
type Reservation = z.output<typeof reservationSchema>;

const units = (db: Db) => collection(db, c.inventoryUnits);
const reservations = (db: Db) => collection(db, c.unitReservations);
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === 11000;

/** The reservation the claim holds (reserved or shipped), or null. */
export async function reservationOf(db: Db, claimId: string): Promise<Reservation | null> {
  const doc = await reservations(db).findOne(reservationQueries.byClaimId(claimId));
  return doc ? parseOrThrow(reservationSchema, doc, `reservation of claim ${claimId}`) : null;
}

/**
 * Reserves a grade-A unit for the claim: the one it already holds (a retry), else the same model, else each model
 * of the compatibility list in order. Returns null when none is in stock and puts the claim on the waiting list.
 * Multi-step but safe without a transaction: the unique insert decides; every later step (mirror on the unit,
 * waiting-list removal) is idempotent and redone by a retry, which finds the reservation already held.
 */
export async function reserveUnitForClaim(db: Db, claimId: string, model: string, now: Date): Promise<ReservedUnit | null> {
  let held = await reservationOf(db, claimId);
  if (!held) {
    const candidates = [model, ...((await findModel(db, model))?.similarModels ?? [])];
    for (const candidate of candidates) {
      held = await reserveAnyOfModel(db, claimId, candidate, now);
      if (held) break;
    }
  }
  if (!held) {
    await addToWaitingList(db, claimId, model, now);
    return null;
  }
  if (held.state === 'reserved') {
    await updateByKey(units(db), unitQueries.byUnitIdKey(held.unitId), unitQueries.byUnitId(held.unitId), { $set: { status: 'reserved', reservedFor: claimId, reservedAt: held.reservedAt } });
  }
  await collection(db, c.backorders).deleteOne(reservationQueries.backorderOfClaim(claimId));
  return { unitId: held.unitId, model: held.model, sameModel: held.model === model };
}

/** Units read per batch while looking for one to reserve: a reservation reads a few batches at most, not the whole stock. */
const CANDIDATE_BATCH = 25;

/**
 * Tries available grade-A units of `model` (one unique insert per attempt) until one is ours, reading them in
 * batches through one cursor and stopping at the first win; within a batch the start is random to spread contention.
 */
async function reserveAnyOfModel(db: Db, claimId: string, model: string, now: Date): Promise<Reservation | null> {
  const cursor = units(db).find(unitQueries.availableGradeA(model), { projection: { unitId: 1 }, batchSize: CANDIDATE_BATCH });
  try {
    let batch: string[] = [];
    for await (const doc of cursor) {
      batch.push(String(doc.unitId));
      if (batch.length < CANDIDATE_BATCH) continue;
      const won = await reserveOneOf(db, claimId, model, batch, now);
      if (won) return won;
      batch = [];
    }
    return batch.length > 0 ? await reserveOneOf(db, claimId, model, batch, now) : null;
  } finally {
    await cursor.close();
  }
}

/** Tries `unitIds` from a random start; the claim's reservation (ours, or a concurrent attempt's of this claim), or null. */
async function reserveOneOf(db: Db, claimId: string, model: string, unitIds: string[], now: Date): Promise<Reservation | null> {
  const start = Math.floor(Math.random() * unitIds.length);
  for (const unitId of [...unitIds.slice(start), ...unitIds.slice(0, start)]) {
    const reservation: Reservation = { unitId, claimId, model, state: 'reserved', reservedAt: now.toISOString() };
    try {
      await reservations(db).insertOne({ _id: claimId, ...reservation });
      return reservation;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Either the unit is held by another claim (try the next) or a concurrent attempt of this claim won.
      const ours = await reservationOf(db, claimId);
      if (ours) return ours;
    }
  }
  return null;
}

/** Puts the claim's reserved (not shipped) unit back in stock and takes it off the waiting list. A retry finds nothing. */
export async function releaseUnitsOfClaim(db: Db, claimId: string): Promise<boolean> {
  const held = await reservationOf(db, claimId);
  await collection(db, c.backorders).deleteOne(reservationQueries.backorderOfClaim(claimId));
  if (!held || held.state !== 'reserved') return false;
  // Mirror first, while we still hold the unit; then drop the reservation. A crash in between is redone by a retry.
  await updateByKey(units(db), unitQueries.byUnitIdKey(held.unitId), unitQueries.byUnitId(held.unitId), { $set: { status: 'available', reservedFor: null, reservedAt: null } });
  await reservations(db).deleteOne(reservationQueries.heldForClaim(claimId));
  return true;
}

/** Marks the claim's unit as shipped (it left stock for good). Idempotent: both writes set the same values again. */
export async function markUnitsShipped(db: Db, claimId: string, now: Date): Promise<void> {
  const held = await reservationOf(db, claimId);
  if (!held) return;
  await reservations(db).updateOne(reservationQueries.byClaimId(claimId), { $set: { state: 'shipped' } });
  await updateByKey(units(db), unitQueries.byUnitIdKey(held.unitId), unitQueries.byUnitId(held.unitId), { $set: { status: 'shipped', shippedAt: now.toISOString() } });
}

async function addToWaitingList(db: Db, claimId: string, model: string, now: Date): Promise<void> {
  const claim = await collection(db, c.claims).findOne(claimQueries.byClaimId(claimId), { projection: { workflowId: 1 } });
  const entry = { claimId, model, workflowId: claim ? String(claim.workflowId) : null, since: now.toISOString() };
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
  grade: z.enum(['A', 'B', 'C']).default('A'),
  serial: z.string().trim().min(1).optional(),
});

/**
 * Adds units to stock (upsert by `unitId` with `$setOnInsert`: a unit already known, even reserved or shipped, is
 * never reset). Returns how many were new. Callers then signal the claims of `backorderedClaimsFor(model)`.
 */
export async function restockUnits(db: Db, input: z.input<typeof restockUnitSchema>[]): Promise<number> {
  let added = 0;
  for (const raw of input) {
    const unit = parseOrThrow(restockUnitSchema, raw, 'restocked unit');
    const doc = parseOrThrow(inventoryUnitDocSchema, { ...unit, status: 'available', reservedFor: null, reservedAt: null }, 'inventory unit');
    try {
      added += (await units(db).updateOne(unitQueries.byUnitId(unit.unitId), { $setOnInsert: { ...doc, _id: unit.unitId } }, { upsert: true })).upsertedCount;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return added;
}

/** A back-ordered claim to signal when stock arrives. */
export interface BackorderedClaim {
  claimId: string;
  workflowId: string | null;
  model: string;
}

/** Waiting claims a unit of `model` could serve: those wanting that model, then those whose model lists it as similar. */
export async function backorderedClaimsFor(db: Db, model: string): Promise<BackorderedClaim[]> {
  const found: BackorderedClaim[] = [];
  for (const wanted of [model, ...(await modelsAcceptingAsSimilar(db, model))]) {
    const docs = await collection(db, c.backorders).find(reservationQueries.backordersOfModel(wanted)).toArray();
    docs.sort((a, b) => String(a.since).localeCompare(String(b.since)));
    for (const doc of docs) found.push({ claimId: String(doc.claimId), workflowId: doc.workflowId ? String(doc.workflowId) : null, model: wanted });
  }
  return found;
}

/** Stock counts of one model by status (grade A only), for reports. */
export async function stockOfModel(db: Db, model: string): Promise<Record<'available' | 'reserved' | 'shipped', number>> {
  const count = (status: string) => units(db).countDocuments(unitQueries.ofModelInStatus(model, 'A', status));
  const [available, reserved, shipped] = await Promise.all([count('available'), count('reserved'), count('shipped')]);
  return { available, reserved, shipped };
}
