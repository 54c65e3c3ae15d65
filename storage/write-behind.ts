/**
 * Write-behind: items queued by many callers are written together, by one call of `write` per flush, at most
 * `intervalMs` after the first of them was queued. A flush that fails keeps its items (ahead of newer ones) and the
 * next tick tries again; past `maxQueued` the oldest are dropped with a warning, so only use it for writes whose loss
 * is safe. Flushes never overlap, never throw, and the timer never keeps the process alive (`unref`).
 */
import { MongoBulkWriteError, MongoErrorLabel, MongoServerError } from 'mongodb';

/** Minimal logger (pino-compatible). */
export interface WriteBehindLogger {
  warn(object: object, message: string): void;
}

/** What a write-behind queue writes, how often, and how much it may hold. */
export interface WriteBehindOptions<T> {
  /** Writes a batch, oldest first, and returns how many from its front were written (the rest stay queued); throwing keeps them all. */
  write: (items: readonly T[]) => Promise<number>;
  intervalMs: number;
  /** What log lines call the items (e.g. `tracking progress notes`). */
  name: string;
  log: WriteBehindLogger;
  /** Default 10,000. */
  maxQueued?: number;
}

/** A queue whose items are written together, `intervalMs` after the first was queued (see the module comment). */
export class WriteBehind<T> {
  private queued: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly maxQueued: number;

  constructor(private readonly options: WriteBehindOptions<T>) {
    this.maxQueued = options.maxQueued ?? 10_000;
  }

  /** Items waiting to be written. */
  get pending(): number {
    return this.queued.length;
  }

  /** Queues `item`; once closed, it is written at once. */
  add(item: T): void {
    this.queued.push(item);
    this.dropOverflow();
    if (this.closed) void this.flush();
    else this.arm();
  }

  /** Writes everything queued now (after a flush already running); resolves when done, also when the write failed. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeQueued()).catch(() => undefined); // only a throwing logger gets here
    return this.flushing;
  }

  /** Stops the timer and writes what is queued (items added later are written at once). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.queued.length > 0) this.options.log.warn({ count: this.queued.length }, `${this.options.name} not written at close`);
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private async writeQueued(): Promise<void> {
    const batch = this.queued;
    if (batch.length === 0) return;
    this.queued = [];
    let written = 0;
    let failure: Error | undefined;
    try {
      written = Math.max(0, Math.min(batch.length, await this.options.write(batch)));
    } catch (error) {
      failure = error as Error;
    }
    if (written < batch.length) this.queued = [...batch.slice(written), ...this.queued];
    if (this.queued.length > 0) this.arm();
    if (failure) this.options.log.warn({ count: batch.length, error: failure.message }, `${this.options.name} not written; kept for the next flush`);
    this.dropOverflow();
  }

  private dropOverflow(): void {
    const excess = this.queued.length - this.maxQueued;
    if (excess <= 0) return;
    this.queued.splice(0, excess);
    this.options.log.warn({ dropped: excess, kept: this.queued.length }, `${this.options.name}: queue full, oldest dropped`);
  }
}

/** True when the server ran a bulk write and refused some of its statements (write errors), as opposed to failing the whole command. */
export function hasWriteErrors(error: unknown): boolean {
  return error instanceof MongoBulkWriteError && [error.writeErrors].flat().length > 0;
}

/**
 * True when the server refused one write itself (e.g. an update that does not apply to the document): sending it
 * again would fail again. False for a database that is unreachable, closed or failing over, where a retry may succeed.
 */
export function isRefusedWrite(error: unknown): boolean {
  return error instanceof MongoServerError && !error.hasErrorLabel(MongoErrorLabel.RetryableWriteError);
}
