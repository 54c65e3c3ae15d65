/**
 * Write-behind for the progress notes an ingest writes after signalling a workflow (`noteProgress`): the notes of
 * many routes are queued and written together every `flushMs` (default 1 s), as one ordered `update` of
 * `tracking_active` (a `bulkWrite` of `updateOne` by `_id`, so two notes of one route apply in order). The ingest
 * remembers the route as noted at once, so the same leg's next webhook to this process does not wait for the write.
 *
 * Losing a note is safe, which is why a note may wait in memory: the workflow de-duplicates tracking events by
 * eventId, so a note lost to a crash, a full queue or a refused write only means a later webhook or the poller
 * signals an event again (at least once, never lost); and the poller's clock for the route (`lastUpdateAt`) lags by
 * at most the flush interval, so a leg heard from just before a crash may be polled once more than needed.
 *
 * A flush that fails (database down) keeps its notes for the next tick (bounded: past 10,000 the oldest are dropped,
 * with a warning). A note whose route is not a whole route in the working set (a legacy route, or one the poller
 * moved out since) matches nothing there: the batch is then applied again one note at a time by `noteProgress`,
 * which writes such a route where it is (a note applied twice, in order, changes nothing; a route another process
 * moved on in between may be set back, which again only means an event is signalled twice).
 * The same fallback follows a write error, since an ordered bulk write stops at the first and FerretDB v1 may not
 * report what it applied; a note the database refuses by itself is dropped there, with a warning. The note of a
 * route read finished from `tracking_numbers` (a repeat after the poller moved it) is not queued: written at once.
 */
import { mayBeInWorkingSet, type RouteProgress } from './tracking-route';
import type { TrackingStore } from './tracking-store';
import { hasWriteErrors, isRefusedWrite, WriteBehind, type WriteBehindLogger } from '../storage/write-behind';

/** How long a progress note waits for others before it is written, by default. */
export const DEFAULT_PROGRESS_FLUSH_MS = 1_000;
/** Notes kept while the database is down (a few MB); past it the oldest are dropped. */
const MAX_QUEUED_NOTES = 10_000;

/** A progress note waiting to be written. */
interface QueuedNote {
  trackingNumber: string;
  progress: RouteProgress;
}

/** The queue of an ingest's progress notes; with `flushMs` 0 it queues nothing (each note is written at once). */
export function createProgressWriter(deps: { store: Pick<TrackingStore, 'noteProgress' | 'noteProgressInWorkingSet'>; flushMs: number; log: WriteBehindLogger }) {
  const { store, log } = deps;

  /** Applies notes in order, one `noteProgress` each (a refused one is dropped); returns how many from the front are done. */
  async function writeOneByOne(notes: readonly QueuedNote[]): Promise<number> {
    for (const [index, { trackingNumber, progress }] of notes.entries()) {
      try {
        await store.noteProgress(trackingNumber, progress);
      } catch (error) {
        if (!isRefusedWrite(error)) {
          log.warn({ count: notes.length - index, error: (error as Error).message }, 'tracking progress notes not written; kept for the next flush');
          return index;
        }
        log.warn({ trackingNumber, error: (error as Error).message }, 'tracking progress note refused by the database; dropped');
      }
    }
    return notes.length;
  }

  /** One ordered bulk write of the notes; one note at a time when one missed its route or was refused. */
  async function write(notes: readonly QueuedNote[]): Promise<number> {
    try {
      if ((await store.noteProgressInWorkingSet(notes)) === notes.length) return notes.length;
    } catch (error) {
      if (!hasWriteErrors(error)) throw error; // the command failed as a whole: all kept for the next tick
    }
    return writeOneByOne(notes);
  }

  const queue = deps.flushMs > 0
    ? new WriteBehind<QueuedNote>({ write, intervalMs: deps.flushMs, name: 'tracking progress notes', log, maxQueued: MAX_QUEUED_NOTES })
    : undefined;

  return {
    /** Queues a note (true); false when it is to be written at once (no queue, or its route was read finished). */
    add(trackingNumber: string, progress: RouteProgress): boolean {
      if (!queue || !mayBeInWorkingSet(progress)) return false;
      queue.add({ trackingNumber, progress });
      return true;
    },
    /** Writes every note queued now (a failure is logged and the notes kept). */
    flush: (): Promise<void> => queue?.flush() ?? Promise.resolve(),
    /** Stops the timer and writes what is queued (later notes are written at once). */
    close: (): Promise<void> => queue?.close() ?? Promise.resolve(),
  };
}
