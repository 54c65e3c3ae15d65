/** Registry reads and writes by natural key: `_id` first (documents the product wrote), then the key field (others). */
import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';

/** The document whose `_id` is `key`, else the one whose unique key field matches (older documents). */
export async function findByKey<T extends Document>(target: Collection<T>, keyed: Filter<T>, byField: Filter<T>): Promise<T | null> {
  return (await target.findOne(keyed) as T | null) ?? (await target.findOne(byField) as T | null);
}

/** Updates the document whose `_id` is `key`, else the one whose unique key field matches; the matched count. */
export async function updateByKey<T extends Document>(target: Collection<T>, keyed: Filter<T>, byField: Filter<T>, update: UpdateFilter<T>): Promise<number> {
  const first = await target.updateOne(keyed, update);
  if (first.matchedCount > 0) return first.matchedCount;
  return (await target.updateOne(byField, update)).matchedCount;
}
