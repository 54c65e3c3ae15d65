/**
 * Stock on hand (`units_available`): one entry per grade-A unit that can be reserved, `_id` = unit id, with its
 * model. Reservations read it instead of `inventory_units`, which keeps every unit ever stocked: FerretDB v1 reads a
 * whole collection for any filter but `_id` (about 6 s per reservation with a year's 45,000 shipped units), and this
 * one is as small as the stock. An entry is a hint, never the arbiter: the reservation's unique insert decides, an
 * entry whose unit was reserved meanwhile costs one failed insert, and a unit without an entry (written by another
 * tool, or by a writer that died between the unit and its entry) is still found by the reservation's scan of
 * `inventory_units`, which runs only once a model's entries are used up. An entry is written after its unit is
 * available and removed after it is reserved or changed, so it never names a unit that cannot be reserved as listed.
 */
import type { Db } from 'mongodb';
import { collection, collectionNames as c } from './collections';
import { unitQueries } from './queries';

const stock = (db: Db) => collection(db, c.unitsAvailable);

/** Entries written with one command. */
const WRITE_BATCH = 500;

/** A unit as the stock on hand needs it; only grade A is ever listed. */
export interface StockedUnit {
  unitId: string;
  model: string;
  grade?: string;
}

/** Lists the grade-A units among `units` as on hand (idempotent: an upsert by unit id). */
export async function addToStockOnHand(db: Db, units: readonly StockedUnit[]): Promise<void> {
  const gradeA = units.filter((unit) => (unit.grade ?? 'A') === 'A');
  for (let from = 0; from < gradeA.length; from += WRITE_BATCH) {
    await stock(db).bulkWrite(gradeA.slice(from, from + WRITE_BATCH).map((unit) => ({
      updateOne: { filter: unitQueries.onHand(unit.unitId), update: { $set: { model: unit.model } }, upsert: true },
    })), { ordered: false });
  }
}

/** Takes a unit off the stock on hand (idempotent). */
export async function removeFromStockOnHand(db: Db, unitId: string): Promise<void> {
  await stock(db).deleteOne(unitQueries.onHand(unitId));
}

/** The ids of the units of `model` on hand (one read of the working set, bounded by the stock). */
export async function unitsOnHand(db: Db, model: string): Promise<string[]> {
  return (await stock(db).find(unitQueries.onHandOfModel(model), { projection: { _id: 1 } }).toArray()).map((doc) => String(doc._id));
}

/** Migration v4: lists every available grade-A unit stored before the stock on hand existed (one pass over the units). */
export async function listStockOnHand(db: Db): Promise<void> {
  const available: StockedUnit[] = [];
  for await (const unit of collection(db, c.inventoryUnits).find({}, { projection: { unitId: 1, model: 1, grade: 1, status: 1 } })) {
    if (unit.status === 'available') available.push({ unitId: String(unit.unitId), model: String(unit.model), grade: String(unit.grade) });
  }
  await addToStockOnHand(db, available);
}
