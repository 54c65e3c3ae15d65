/** Activity workers in child processes, for tests that SIGKILL a worker mid-activity. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Every child started (the test file kills the ones still alive when it ends). */
const childWorkers: ChildProcess[] = [];

/**
 * Starts `script` (a worker that prints `activity worker ready`) with `env` added to this process's environment;
 * resolves once it is ready. node itself runs it with the tsx loader: the tsx CLI would leave the real worker alive as
 * a grandchild when the test kills the child.
 */
export function startChildWorker(script: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  childWorkers.push(child);
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('activity worker ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`activity worker exited early (${code}): ${errors}`)));
  });
}

/** SIGKILLs every child worker still running. */
export function killChildWorkers(): void {
  for (const child of childWorkers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Polls `check` until it holds; throws after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The environment variable of a child worker, or an error naming it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name}: required`);
  return value;
}
