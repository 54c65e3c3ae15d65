/** Jest globalTeardown: stops the run's embedded stack and removes its data. */
import fs from 'node:fs';
import type { RunningStack } from '../../scripts/lib/stack';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __rfStack?: RunningStack }).__rfStack;
  await stack?.stop();
  const dir = process.env.RF_TEST_STACK_DIR;
  if (dir && !process.env.RF_KEEP_TEST_DATA) fs.rmSync(dir, { recursive: true, force: true });
}
