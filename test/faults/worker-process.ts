/** The worker as a child process (worker/main.ts on a prebuilt bundle), SIGKILLed on demand and restarted by a supervisor. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WORKER_NODE_FLAGS } from '../../worker/node-flags';

/** A supervised worker process. */
export interface SupervisedWorker {
  /** SIGKILLs the current process; the supervisor starts a new one after `restartDelayMs`. */
  kill(): void;
  /** Processes started so far (1 + restarts). */
  starts(): number;
  stop(): Promise<void>;
}

/** Starts the worker with `env` and restarts it whenever it dies (killed or crashed) until `stop()`. */
export function superviseWorker(env: Record<string, string>, logFile: string, restartDelayMs = 1_000): SupervisedWorker {
  const root = path.resolve(__dirname, '..', '..');
  let child: ChildProcess | undefined;
  let stopping = false;
  let started = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  const start = () => {
    const log = fs.openSync(logFile, 'a');
    started += 1;
    child = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', path.join(root, 'worker', 'main.ts')], { cwd: root, stdio: ['ignore', log, log], env: { ...process.env, ...env } });
    fs.closeSync(log);
    child.once('exit', () => {
      if (!stopping) restartTimer = setTimeout(start, restartDelayMs);
    });
  };
  start();
  return {
    kill: () => void child?.kill('SIGKILL'),
    starts: () => started,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      if (child && child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGKILL');
        await gone;
      }
    },
  };
}
