/**
 * Append-only lists read newest first, whose every read and write is by `_id`: the list's counter document
 * (`_id` = the list key, `top` = the highest number handed out) and one slot document per entry
 * (`_id` = `<list key>#<n>`). FerretDB v1 pushes down nothing but `_id` equality, so a list of any length costs the
 * same to append to and to page through: one counter step and one insert to append, one read per entry shown.
 *
 * The counter is only a hint (its `$inc` is not atomic on FerretDB v1, and a writer may die between the increment
 * and the insert): the arbiter of a number is the unique slot insert, and a writer whose number is taken tries the
 * next. Readers tolerate gaps (a writer that died) and repeats of one item (a retried append), which they drop by
 * item id. Both are rare, and neither loses an entry.
 */
import type { Collection, Db } from 'mongodb';
import { firstInsertWins, isDuplicateKey } from './first-writer';

/** One entry of a list: its number, the id of what it lists, and the payload stored with it. */
export interface ListEntry<T> {
  n: number;
  itemId: string;
  item: T;
}

/** A page of a list, newest first; `before` continues it (entries numbered below it), absent at the end. */
export interface ListPage<T> {
  entries: ListEntry<T>[];
  before?: number;
}

interface CounterDoc {
  _id: string;
  top: number;
}

interface SlotDoc<T> {
  _id: string;
  list: string;
  n: number;
  itemId: string;
  item: T;
}

/** How many slot reads one page may spend walking over gaps before it stops (and offers `before` to go on). */
const MAX_READS_PER_PAGE_FACTOR = 3;

/** Slot reads sent at once (each is one `_id` lookup). */
const READ_BATCH = 50;

/** The slot `_id` of entry `n` of `list`. */
export const slotId = (list: string, n: number): string => `${list}#${n}`;

/** Numbered lists stored in one collection (counters and slots side by side). */
export function numberedLists<T>(db: Db, collectionName: string) {
  const docs = db.collection(collectionName, { ignoreUndefined: true }) as unknown as Collection<CounterDoc | SlotDoc<T>>;
  const counters = docs as unknown as Collection<CounterDoc>;
  const slots = docs as unknown as Collection<SlotDoc<T>>;

  /** The highest number in use: the counter, then forward probes past it (a counter that lost an increment). */
  async function top(list: string): Promise<number> {
    let n = (await counters.findOne({ _id: list }))?.top ?? 0;
    while (await slots.findOne({ _id: slotId(list, n + 1) }, { projection: { _id: 1 } })) n += 1;
    return n;
  }

  /** The counter's next number (its first increment creates it; two callers creating it at once: the loser retries). */
  async function nextNumber(list: string): Promise<number> {
    const step = () => counters.findOneAndUpdate({ _id: list }, { $inc: { top: 1 } }, { upsert: true, returnDocument: 'after' });
    const counted = await step().catch((error: unknown) => {
      if (isDuplicateKey(error)) return step();
      throw error;
    });
    return counted?.top ?? 1;
  }

  return {
    top,

    /** Appends `item` under the first free number at or above the counter's next; returns its number. */
    async append(list: string, itemId: string, item: T): Promise<number> {
      const first = await nextNumber(list);
      for (let n = first; ; n += 1) {
        if (await firstInsertWins(slots, { _id: slotId(list, n), list, n, itemId, item })) {
          if (n > first) await counters.updateOne({ _id: list }, { $max: { top: n } });
          return n;
        }
      }
    },

    /** Up to `limit` entries numbered below `before` (default: from the top), newest first, one per item. */
    async newest(list: string, options: { limit: number; before?: number }): Promise<ListPage<T>> {
      const entries: ListEntry<T>[] = [];
      const seen = new Set<string>();
      let next = Math.min(options.before ?? Infinity, (await top(list)) + 1) - 1;
      let reads = 0;
      const budget = options.limit * MAX_READS_PER_PAGE_FACTOR;
      while (next >= 1 && entries.length < options.limit && reads < budget) {
        const numbers = Array.from({ length: Math.min(options.limit - entries.length, next) }, (_, i) => next - i);
        reads += numbers.length;
        const found = await Promise.all(numbers.map((n) => slots.findOne({ _id: slotId(list, n) })));
        for (const slot of found) {
          if (!slot || seen.has(slot.itemId)) continue;
          seen.add(slot.itemId);
          entries.push({ n: slot.n, itemId: slot.itemId, item: slot.item });
        }
        next -= numbers.length;
      }
      return { entries, ...(next >= 1 ? { before: next + 1 } : {}) };
    },

    /** Every entry of a list that is bounded by construction (e.g. one day's closed claims), oldest first, one per item. */
    async all(list: string): Promise<ListEntry<T>[]> {
      const last = await top(list);
      const found: Array<SlotDoc<T> | null> = [];
      for (let from = 1; from <= last; from += READ_BATCH) {
        const numbers = Array.from({ length: Math.min(READ_BATCH, last - from + 1) }, (_, i) => from + i);
        found.push(...await Promise.all(numbers.map((n) => slots.findOne({ _id: slotId(list, n) }))));
      }
      const seen = new Set<string>();
      const entries: ListEntry<T>[] = [];
      for (const slot of found) {
        if (!slot || seen.has(slot.itemId)) continue;
        seen.add(slot.itemId);
        entries.push({ n: slot.n, itemId: slot.itemId, item: slot.item });
      }
      return entries;
    },
  };
}
