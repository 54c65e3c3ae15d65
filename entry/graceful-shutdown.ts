/** Signal handling shared by the worker and the API: one orderly stop, bounded in time. */
import type { Logger } from 'pino';

/** What `onTerminationSignal` needs. */
export interface GracefulShutdownOptions {
  logger: Logger;
  /** After this long the process exits with code 1 even if the stop has not finished. */
  timeoutMs: number;
  /** The orderly stop: stop taking work, finish what is in flight, close connections. */
  stop: (signal: NodeJS.Signals) => Promise<void>;
  signals?: NodeJS.Signals[];
  /** Test seam: how to end the process (default `process.exit`). */
  exit?: (code: number) => void;
}

/** Runs `stop` once on the first SIGTERM/SIGINT; a second signal or the timeout forces the exit. */
export function onTerminationSignal(options: GracefulShutdownOptions): { readonly shuttingDown: boolean } {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const state = { shuttingDown: false };
  const handle = (signal: NodeJS.Signals): void => {
    if (state.shuttingDown) {
      options.logger.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(1);
      return;
    }
    state.shuttingDown = true;
    options.logger.info({ signal, timeoutMs: options.timeoutMs }, 'shutdown requested: draining');
    const timer = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, 'shutdown did not finish in time: exiting');
      exit(1);
    }, options.timeoutMs);
    timer.unref();
    options.stop(signal).then(
      () => clearTimeout(timer),
      (error: unknown) => {
        options.logger.error({ error: (error as Error).message }, 'shutdown failed');
        clearTimeout(timer);
        exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, handle);
  return state;
}
