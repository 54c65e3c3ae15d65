/**
 * Append-only lists read newest first, whose every read and write is by `_id`: the list's counter document
 * (`_id` = the list key, `top` = the highest number handed out) and one slot document per entry
 * (`_id` = `<list key>#<n>`). FerretDB v1 pushes down nothing but `_id` equality, so a list of any length costs the
 * same to append to and to page through: one counter step and one insert to append, one read per entry shown.
 *
 * The counter is only a hint (its `$inc` is not atomic on FerretDB v1, and a writer may die between the increment
 * and the insert): the arbiter of a number is the unique slot insert, and a writer whose number is taken tries the
 * next. `appendToEach` files one item under several lists in one command whatever their number (each slot a
 * first-writer upsert at the number this process guesses, beside its counter's move); a guess someone else took is
 * tried again after the counters, then appended the single way. Readers tolerate gaps (a writer that died) and
 * repeats of one item (a retried append), which they drop by item id. Both are rare, and neither loses an entry.
 */
import type { AnyBulkWriteOperation, Collection, Db, OptionalUnlessRequiredId } from 'mongodb';
import { firstInsertWins, firstUpsertsWin, isDuplicateKey } from './first-writer';
import { RecentMap } from './recent-map';

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

/** Counter documents inserted at once by a bulk append's `finish`. */
const COUNTER_BATCH = 5_000;

/** Lists whose last number a process remembers (the least recently numbered forgotten first). */
const REMEMBERED_LISTS = 10_000;

/** What this process last numbered in each list, by database handle and collection: a guess, never trusted alone. */
const remembered = new WeakMap<Db, Map<string, RecentMap<string, number>>>();

/**
 * The numbers this process last appended at in the lists of one collection: the next append to a list guesses the
 * number after it, and the unique slot decides. While one process appends to a list the guess is right; when
 * another appends too, the loser reads the counter (a guess is never above the truth unless the list was emptied
 * under a running process, which leaves a gap: readers skip gaps).
 */
function lastNumbered(db: Db, collectionName: string): RecentMap<string, number> {
  const byCollection = remembered.get(db) ?? new Map<string, RecentMap<string, number>>();
  remembered.set(db, byCollection);
  const lists = byCollection.get(collectionName) ?? new RecentMap<string, number>(REMEMBERED_LISTS);
  byCollection.set(collectionName, lists);
  return lists;
}

/** The slot `_id` of entry `n` of `list`. */
export const slotId = (list: string, n: number): string => `${list}#${n}`;

/** Numbered lists stored in one collection (counters and slots side by side). */
export function numberedLists<T>(db: Db, collectionName: string) {
  const docs = db.collection(collectionName, { ignoreUndefined: true }) as unknown as Collection<CounterDoc | SlotDoc<T>>;
  const counters = docs as unknown as Collection<CounterDoc>;
  const slots = docs as unknown as Collection<SlotDoc<T>>;

  /** The highest number in use from `n` on: forward probes past it (a counter that lost an increment). */
  async function probePast(list: string, n: number): Promise<number> {
    let last = n;
    while (await slots.findOne({ _id: slotId(list, last + 1) }, { projection: { _id: 1 } })) last += 1;
    return last;
  }

  /** The highest number in use: the counter, then forward probes past it. */
  async function top(list: string): Promise<number> {
    return probePast(list, (await counters.findOne({ _id: list }))?.top ?? 0);
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

  /**
   * Bulk appends for loading many entries into a quiet database (seeding, restores): nobody else may append to these
   * lists meanwhile, since numbers are handed out here without the counter step. Each list's top is read once, the
   * first time it is appended to (taken as 0 with `emptyLists`: the caller knows nothing was ever filed), `append`
   * numbers its entries after that in the order given and inserts them with one unordered `insertMany`, and `finish`
   * writes the counters of the lists appended to (one `insertMany` for new lists, a `$max` update for the others).
   * Until `finish`, readers find the new entries only by probing past the counter, one read each.
   */
  function bulkAppender(options: { emptyLists?: boolean } = {}) {
    const known = new Map<string, { top: number; counted: boolean }>();
    const readTop = async (list: string) => {
      const counter = await counters.findOne({ _id: list });
      known.set(list, { top: await probePast(list, counter?.top ?? 0), counted: counter !== null });
    };
    return {
      /** Appends each entry to its list, in the order given. */
      async append(entries: ReadonlyArray<{ list: string; itemId: string; item: T }>): Promise<void> {
        const unknown = [...new Set(entries.map((entry) => entry.list))].filter((list) => !known.has(list));
        if (options.emptyLists) for (const list of unknown) known.set(list, { top: 0, counted: false });
        for (let from = 0; from < unknown.length; from += READ_BATCH) await Promise.all(unknown.slice(from, from + READ_BATCH).map(readTop));
        const docs = entries.map(({ list, itemId, item }): SlotDoc<T> => {
          const counter = known.get(list)!;
          counter.top += 1;
          return { _id: slotId(list, counter.top), list, n: counter.top, itemId, item };
        });
        if (docs.length > 0) await slots.insertMany(docs as OptionalUnlessRequiredId<SlotDoc<T>>[], { ordered: false });
      },
      /** Writes the counter of every list appended to (call once the entries are in); how many lists there are. */
      async finish(): Promise<number> {
        const lists = [...known];
        const counted = lists.filter(([, counter]) => counter.counted);
        const fresh = lists.filter(([, counter]) => !counter.counted && counter.top > 0);
        for (const [list, counter] of counted) await counters.updateOne({ _id: list }, { $max: { top: counter.top } });
        for (let from = 0; from < fresh.length; from += COUNTER_BATCH) {
          await counters.insertMany(fresh.slice(from, from + COUNTER_BATCH).map(([list, counter]) => ({ _id: list, top: counter.top })), { ordered: false });
        }
        for (const [, counter] of fresh) counter.counted = true;
        return lists.length;
      },
    };
  }

  /** Appends `item` under the first free number at or above the counter's next; returns its number. */
  async function append(list: string, itemId: string, item: T): Promise<number> {
    const first = await nextNumber(list);
    for (let n = first; ; n += 1) {
      if (await firstInsertWins(slots, { _id: slotId(list, n), list, n, itemId, item })) {
        if (n > first) await counters.updateOne({ _id: list }, { $max: { top: n } });
        lastNumbered(db, collectionName).set(list, n);
        return n;
      }
    }
  }

  /** Slots `from` to `to` (null where a number is not filled), read by `_id` a batch at a time. */
  async function slotsBetween(list: string, from: number, to: number): Promise<Array<SlotDoc<T> | null>> {
    const found: Array<SlotDoc<T> | null> = [];
    for (let start = from; start <= to; start += READ_BATCH) {
      const numbers = Array.from({ length: Math.min(READ_BATCH, to - start + 1) }, (_, i) => start + i);
      found.push(...await Promise.all(numbers.map((n) => slots.findOne({ _id: slotId(list, n) }))));
    }
    return found;
  }

  return {
    top,
    bulkAppender,

    append,

    /**
     * Appends one entry to each of several different lists (e.g. a finished claim under its status and closing day):
     * one `update` command on the usual path. Each entry's number is guessed from what this process last numbered in
     * its list (see `lastNumbered`; 1 for a list it never touched, as most device, customer and extension lists
     * hold one claim), and its slot and its counter's `$max` are written together, the slot as a first-writer upsert.
     * An entry whose guess was taken (another process appended, or the list is older than this process) reads its
     * counter and tries again after it; after that it goes through `append`. Returns each entry's number, in order.
     */
    async appendToEach(entries: ReadonlyArray<{ list: string; itemId: string; item: T }>): Promise<number[]> {
      if (new Set(entries.map((entry) => entry.list)).size !== entries.length) throw new Error('appendToEach: one entry per list');
      const numbers: number[] = [];
      const known = lastNumbered(db, collectionName);
      let pending = entries.map((entry, index) => ({ ...entry, index, n: (known.get(entry.list) ?? 0) + 1 }));
      for (let round = 0; pending.length > 0 && round < 2; round += 1) {
        if (round > 0) {
          const found = await counters.find({ _id: { $in: pending.map((entry) => entry.list) } }).toArray();
          const tops = new Map(found.map((counter) => [counter._id, counter.top]));
          pending = pending.map((entry) => ({ ...entry, n: (tops.get(entry.list) ?? 0) + 1 })); // not past it: a guess may have lost only to another's error
        }
        const won = await firstUpsertsWin(slots, pending.map(({ list, itemId, item, n }) => ({ _id: slotId(list, n), list, n, itemId, item })), {
          alongside: pending.map(({ list, n }) => ({ updateOne: { filter: { _id: list }, update: { $max: { top: n } }, upsert: true } }) as AnyBulkWriteOperation<SlotDoc<T>>),
          isOurs: (stored, doc) => stored.itemId === doc.itemId,
        });
        for (const [at, entry] of pending.entries()) {
          if (!won[at]) continue;
          numbers[entry.index] = entry.n;
          known.set(entry.list, entry.n);
        }
        pending = pending.filter((_, at) => !won[at]);
      }
      for (const entry of pending) numbers[entry.index] = await append(entry.list, entry.itemId, entry.item);
      return numbers;
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
      const seen = new Set<string>();
      const entries: ListEntry<T>[] = [];
      for (const slot of await slotsBetween(list, 1, await top(list))) {
        if (!slot || seen.has(slot.itemId)) continue;
        seen.add(slot.itemId);
        entries.push({ n: slot.n, itemId: slot.itemId, item: slot.item });
      }
      return entries;
    },

    /**
     * The entries numbered `first` and up, oldest first (repeats of an item included), and `through`: the highest
     * number up to which every slot is filled (a later gap is an append under way, or a writer that died). For a
     * reader that keeps what it read and comes back for the rest.
     */
    async since(list: string, first: number): Promise<{ entries: ListEntry<T>[]; through: number }> {
      const found = await slotsBetween(list, first, await top(list));
      const gap = found.indexOf(null);
      const entries = found.flatMap((slot) => (slot ? [{ n: slot.n, itemId: slot.itemId, item: slot.item }] : []));
      return { entries, through: first - 1 + (gap < 0 ? found.length : gap) };
    },
  };
}
