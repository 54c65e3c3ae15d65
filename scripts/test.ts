/**
 * `npm test`: the whole check, as CI runs it. Provisions the servers (cached after the first run), type-checks,
 * lints, then runs every jest project (unit, workflow on the time-skipping server, integration on the embedded
 * stack), then the fault suite's short mode (scripts/faults.ts; RF_WITH_FAULTS=0 skips it) and the fuzz run's short
 * mode (scripts/fuzz.ts --short; RF_WITH_FUZZ=0 skips it), and ends with one summary line
 * `tests: N passed, N failed, N skipped` (jest tests, plus fault-suite claims and fuzz checks when they ran).
 * Extra arguments go to jest only (e.g. `npm test -- test/unit`; the fault suite and the fuzz run are then skipped).
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

/**
 * Runs a suite script's short mode, streaming its progress; it ends with `<label>: N passed, N failed`. The fault
 * suite (worker kills, carrier faults, server restarts) and the fuzz run (schemathesis past authentication, the raw
 * probe, nothing accepted lost) are such scripts.
 */
async function runShortMode(title: string, args: string[], label: string): Promise<{ passed: number; failed: number; ok: boolean }> {
  console.log(`\n▶ ${title} [${elapsed()}]`);
  const child = spawn('npx', ['tsx', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    process.stdout.write(chunk);
  });
  const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const match = new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'm').exec(output);
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
  const faults = withFaults ? await runShortMode('fault suite, short mode', ['scripts/faults.ts'], 'faults') : { passed: 0, failed: 0, ok: true };
  const withFuzz = jestArgs.length === 0 && process.env.RF_WITH_FUZZ !== '0';
  const fuzz = withFuzz ? await runShortMode('fuzz, short mode', ['scripts/fuzz.ts', '--short'], 'fuzz') : { passed: 0, failed: 0, ok: true };
  console.log(`\nfinished in ${elapsed()}`);
  console.log(`jest: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped`);
  if (withFaults) console.log(`fault suite (short mode): ${faults.passed} claims passed, ${faults.failed} failed`);
  if (withFuzz) console.log(`fuzz (short mode): ${fuzz.passed} checks passed, ${fuzz.failed} failed`);
  console.log(`tests: ${summary.numPassedTests + faults.passed + fuzz.passed} passed, ${summary.numFailedTests + faults.failed + fuzz.failed} failed, ${summary.numPendingTests} skipped`);
  if (jest.status !== 0 || summary.numTotalTests === 0 || !faults.ok || !fuzz.ok) process.exit(1);
});
