/** WriteBehind: queued items written together per tick, kept when a write fails, bounded, flushed on close. */
import { MongoBulkWriteError, MongoNetworkError, MongoServerError } from 'mongodb';
import { hasWriteErrors, isRefusedWrite, WriteBehind, type WriteBehindOptions } from '../../../storage/write-behind';

/** A queue over a recording writer; `failures` makes the next writes throw, `partial` makes the next write report that many written. */
function queueOf(options: Partial<WriteBehindOptions<number>> = {}) {
  const batches: number[][] = [];
  const warnings: Array<{ fields: object; message: string }> = [];
  const control = { failures: 0, partial: undefined as number | undefined };
  const queue = new WriteBehind<number>({
    name: 'numbers',
    intervalMs: 20,
    log: { warn: (fields, message) => warnings.push({ fields, message }) },
    write: async (items) => {
      if (control.failures > 0) {
        control.failures -= 1;
        throw new Error('database down');
      }
      const written = control.partial ?? items.length;
      control.partial = undefined;
      batches.push(items.slice(0, written));
      return written;
    },
    ...options,
  });
  return { queue, batches, warnings, control };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WriteBehind', () => {
  it('writes the items queued within one interval in one call, oldest first, and stays idle when nothing is queued', async () => {
    const { queue, batches } = queueOf();
    for (const item of [1, 2, 3]) queue.add(item);
    expect(batches).toEqual([]);
    await sleep(60);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(queue.pending).toBe(0);
    await sleep(60);
    expect(batches).toHaveLength(1);
  });

  it('keeps the items of a failed write, ahead of newer ones, and the next tick writes them', async () => {
    const { queue, batches, warnings, control } = queueOf();
    control.failures = 1;
    queue.add(1);
    queue.add(2);
    await queue.flush();
    expect(warnings).toEqual([{ fields: { count: 2, error: 'database down' }, message: 'numbers not written; kept for the next flush' }]);
    expect(queue.pending).toBe(2);
    queue.add(3);
    await sleep(60);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('keeps what a write reports it did not write, in order', async () => {
    const { queue, batches, control } = queueOf({ intervalMs: 60_000 });
    control.partial = 1;
    for (const item of [1, 2, 3]) queue.add(item);
    await queue.flush();
    expect(queue.pending).toBe(2);
    await queue.flush();
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('drops the oldest items past maxQueued, with a warning', async () => {
    const { queue, batches, warnings } = queueOf({ intervalMs: 60_000, maxQueued: 3 });
    for (const item of [1, 2, 3, 4, 5]) queue.add(item);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toEqual({ fields: { dropped: 1, kept: 3 }, message: 'numbers: queue full, oldest dropped' });
    await queue.close();
    expect(batches).toEqual([[3, 4, 5]]);
  });

  it('never runs two writes at once: a flush during a write waits for it, then writes what came since', async () => {
    let running = 0;
    let most = 0;
    const written: number[][] = [];
    const queue = new WriteBehind<number>({
      name: 'numbers', intervalMs: 60_000, log: { warn: () => undefined },
      write: async (items) => {
        most = Math.max(most, (running += 1));
        await sleep(20);
        running -= 1;
        written.push([...items]);
        return items.length;
      },
    });
    queue.add(1);
    const first = queue.flush();
    while (running === 0) await sleep(1); // the first write is under way
    queue.add(2);
    await Promise.all([first, queue.flush()]);
    expect(written).toEqual([[1], [2]]);
    expect(most).toBe(1);
  });

  it('close writes what is queued and stops the timer; an item added after it is written at once', async () => {
    const { queue, batches } = queueOf({ intervalMs: 60_000 });
    queue.add(1);
    await queue.close();
    expect(batches).toEqual([[1]]);
    queue.add(2);
    await queue.flush();
    expect(batches).toEqual([[1], [2]]);
  });

  it('warns at close about items it could not write', async () => {
    const { queue, warnings, control } = queueOf({ intervalMs: 60_000 });
    control.failures = 1;
    queue.add(1);
    await queue.close();
    expect(warnings.map((warning) => warning.message)).toEqual(['numbers not written; kept for the next flush', 'numbers not written at close']);
  });
});

describe('write error classification', () => {
  it('a write the server refused is not retried; an unreachable database is', () => {
    expect(isRefusedWrite(new MongoServerError({ code: 2, errmsg: 'Cannot apply $addToSet to non-array field' }))).toBe(true);
    expect(isRefusedWrite(new MongoServerError({ code: 91, errmsg: 'shutting down', errorLabels: ['RetryableWriteError'] }))).toBe(false);
    expect(isRefusedWrite(new MongoNetworkError('connection reset'))).toBe(false);
    expect(isRefusedWrite(new Error('anything else'))).toBe(false);
  });

  it('a bulk write with write errors is told from a failed command', () => {
    const bulk = new MongoBulkWriteError({ message: 'write error', code: 2, writeErrors: [{ index: 1, code: 2, errmsg: 'refused' }] } as never, {} as never);
    expect(hasWriteErrors(bulk)).toBe(true);
    expect(hasWriteErrors(new MongoServerError({ code: 1, errmsg: 'internal error' }))).toBe(false);
    expect(hasWriteErrors(new MongoNetworkError('connection reset'))).toBe(false);
  });
});
