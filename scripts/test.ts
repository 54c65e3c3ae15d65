/**
 * `npm test`: the whole check, as CI runs it. Provisions the servers (cached after the first run), type-checks,
 * lints, then runs every jest project (unit, workflow on the time-skipping server, integration on the embedded
 * stack), then the fault suite's short mode (scripts/faults.ts; RF_WITH_FAULTS=0 skips it), and ends with one summary
 * line `tests: N passed, N failed, N skipped` (jest tests, plus fault-suite claims when it ran).
 * Extra arguments go to jest only (e.g. `npm test -- test/unit`; the fault suite is then skipped).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain, UserFacingError } from '../entry/errors';
import { repoRoot } from './lib/paths';
import { provision } from './lib/provision';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function step(title: string, command: string, args: string[]): void {
  console.log(`\n▶ ${title} [${elapsed()}]`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new UserFacingError(`${title} failed (exit ${result.status ?? result.signal}).`);
}

/** Runs `npm run test:faults` in its short mode (worker kills, carrier faults, server restarts), streaming its progress. */
async function runFaultSuiteShortMode(): Promise<{ passed: number; failed: number; ok: boolean }> {
  console.log(`\n▶ fault suite, short mode [${elapsed()}]`);
  const child = spawn('npx', ['tsx', 'scripts/faults.ts'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    process.stdout.write(chunk);
  });
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const match = /faults: (\d+) passed, (\d+) failed/.exec(output);
  if (!match) return { passed: 0, failed: 1, ok: false };
  return { passed: Number(match[1]), failed: Number(match[2]), ok: status === 0 };
}

runMain(async () => {
  const jestArgs = process.argv.slice(2);
  console.log(`▶ provisioning servers [${elapsed()}]`);
  provision({ temporal: true, ferretdb: !process.env.MONGODB_URI, browser: true });
  if (jestArgs.length === 0) {
    step('type-check (tsc --noEmit)', 'npx', ['tsc', '--noEmit']);
    step('lint (eslint)', 'npx', ['eslint', '.']);
  }
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rf-jest-')), 'report.json');
  console.log(`\n▶ jest [${elapsed()}]`);
  const jest = spawnSync('npx', ['jest', '--ci', '--json', `--outputFile=${report}`, ...jestArgs], { cwd: repoRoot, stdio: 'inherit' });
  const summary = fs.existsSync(report)
    ? (JSON.parse(fs.readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTotalTests: number; numFailedTestSuites: number })
    : undefined;
  if (!summary) throw new UserFacingError(`jest wrote no report (exit ${jest.status ?? jest.signal}).`);
  const withFaults = jestArgs.length === 0 && process.env.RF_WITH_FAULTS !== '0';
  const faults = withFaults ? await runFaultSuiteShortMode() : { passed: 0, failed: 0, ok: true };
  console.log(`\nfinished in ${elapsed()}`);
  console.log(`jest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped`);
  if (withFaults) console.log(`fault suite (short mode): ${faults.passed} claims passed, ${faults.failed} failed`);
  console.log(`tests: ${summary.numPassedTests + faults.passed} passed, ${summary.numFailedTests + faults.failed} failed, ${summary.numPendingTests} skipped`);
  if (jest.status !== 0 || summary.numTotalTests === 0 || !faults.ok) process.exit(1);
});
