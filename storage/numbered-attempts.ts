/** Attempt documents keyed `<id>#<n>` (n = 1, 2, … with no gaps), read by `_id` only: FerretDB v1 pushes down nothing else. */
import type { Collection, Filter } from 'mongodb';

/** The highest-numbered attempt of `id`, probing `_id`s upward from `from` (a hint: an attempt known to exist); null when none. */
export async function latestNumberedAttempt<T extends { _id: string }>(attempts: Collection<T>, id: string, from = 1): Promise<T | null> {
  const start = Math.max(1, Math.floor(from));
  let latest: T | null = null;
  for (let attemptNo = start; ; attemptNo++) {
    const found = await attempts.findOne({ _id: `${id}#${attemptNo}` } as Filter<T>);
    if (!found) break;
    latest = found as T;
  }
  // A hint past the last attempt (never written that way, but cheap to survive): search from the first.
  if (!latest && start > 1) return latestNumberedAttempt(attempts, id, 1);
  return latest;
}
