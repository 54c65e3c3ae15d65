/** entry/graceful-shutdown.ts: one orderly stop per process, forced exit on a second signal or at the deadline. */
import { Writable } from 'node:stream';
import { onTerminationSignal } from '../../../entry/graceful-shutdown';
import { createLogger } from '../../../observability/logger';

const quiet = createLogger({ service: 'test', level: 'fatal', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

afterEach(() => {
  process.removeAllListeners('SIGUSR2');
});

describe('onTerminationSignal', () => {
  it('runs stop once and does not exit when it finishes in time', async () => {
    const exits: number[] = [];
    let stops = 0;
    const state = onTerminationSignal({ logger: quiet, timeoutMs: 1_000, signals: ['SIGUSR2'], exit: (code) => exits.push(code), stop: async () => { stops += 1; } });
    expect(state.shuttingDown).toBe(false);
    process.emit('SIGUSR2', 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state.shuttingDown).toBe(true);
    expect(stops).toBe(1);
    expect(exits).toEqual([]);
  });

  it('exits 1 when stop is still running at the deadline', async () => {
    const exits: number[] = [];
    onTerminationSignal({ logger: quiet, timeoutMs: 50, signals: ['SIGUSR2'], exit: (code) => exits.push(code), stop: () => new Promise(() => undefined) });
    process.emit('SIGUSR2', 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(exits).toEqual([1]);
  });

  it('exits 1 at once on a second signal', async () => {
    const exits: number[] = [];
    onTerminationSignal({ logger: quiet, timeoutMs: 10_000, signals: ['SIGUSR2'], exit: (code) => exits.push(code), stop: () => new Promise(() => undefined) });
    process.emit('SIGUSR2', 'SIGUSR2');
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(exits).toEqual([1]);
  });
});
