/**
 * The stock on the shelf: one small document per available grade-A unit (`units_available`, `_id` = unitId, with its
 * model), so a reservation reads what is on the shelf, never the units shipped over the years. The reservation
 * arbiter stays the unique insert into `unit_reservations`; this is the list of candidates. An entry left behind by
 * a crash between a win and its removal is harmless (the arbiter refuses that unit) and removed by the next loser.
 */
import { isDuplicateKey } from '../storage/first-writer';
import type { Db } from 'mongodb';
import { collection, collectionNames as c } from './collections';

const shelf = (db: Db) => collection(db, c.unitsAvailable);

/** Puts units on the shelf (idempotent: an entry already there stays). */
export async function shelveUnits(db: Db, units: ReadonlyArray<{ unitId: string; model: string }>): Promise<void> {
  await Promise.all(units.map((unit) => shelf(db).updateOne({ _id: unit.unitId }, { $setOnInsert: { model: unit.model } }, { upsert: true })
    .catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error; // shelved by a concurrent call
    })));
}

/** Takes a unit off the shelf (idempotent). */
export async function unshelveUnit(db: Db, unitId: string): Promise<void> {
  await shelf(db).deleteOne({ _id: unitId });
}

/**
 * The ids of the units of `model` on the shelf, `batchSize` at a time (stop reading by breaking out): the first
 * batch by one limited read (no cursor left open to kill: a reservation usually wins in it), the rest through one
 * cursor over the units not in it.
 */
export async function* shelvedUnitsOf(db: Db, model: string, batchSize: number): AsyncGenerator<string[]> {
  const first = (await shelf(db).find({ model }, { projection: { _id: 1 }, limit: batchSize }).toArray()).map((doc) => String(doc._id));
  if (first.length > 0) yield first;
  if (first.length < batchSize) return;
  const cursor = shelf(db).find({ model, _id: { $nin: first } }, { projection: { _id: 1 }, batchSize });
  try {
    let batch: string[] = [];
    for await (const doc of cursor) {
      batch.push(String(doc._id));
      if (batch.length < batchSize) continue;
      yield batch;
      batch = [];
    }
    if (batch.length > 0) yield batch;
  } finally {
    await cursor.close();
  }
}
