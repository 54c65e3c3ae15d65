/** Child server processes that log to a file, report an early exit with their last lines, and stop cleanly. */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../../entry/errors';

/** A started server process. */
export interface ServerProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Rejects when the process exits; used to fail fast while waiting for readiness. */
  exited: Promise<never>;
  stop(): Promise<void>;
}

/** Starts `command` with its output appended to `logFile`. */
export function startServerProcess(name: string, command: string, args: string[], logFile: string): ServerProcess {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  // Own process group: a terminal's Ctrl-C reaches only us, so the worker can drain before the servers stop.
  const child = spawn(command, args, { stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let done = false;
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => {
      done = true;
      reject(new UserFacingError(`${name} could not start (${error.message}). Run \`npm run provision\`.`));
    });
    child.once('exit', (code, signal) => {
      done = true;
      reject(new UserFacingError(`${name} exited (${signal ?? `code ${code}`}) before it was ready. Last lines of ${logFile}:\n${tail(logFile)}`));
    });
  });
  exited.catch(() => undefined);
  return {
    name,
    child,
    logFile,
    exited,
    async stop() {
      if (done || child.exitCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it returns true, the process exits, or `timeoutMs` passes. */
export async function waitUntilReady(server: ServerProcess, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const poll = (async () => {
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new UserFacingError(`${server.name} did not become ready within ${timeoutMs / 1000} s. See ${server.logFile}:\n${tail(server.logFile)}`);
  })();
  await Promise.race([poll, server.exited]);
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
