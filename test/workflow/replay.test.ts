/**
 * Versioning: every recorded history (test/fixtures/histories, re-record with RECORD_HISTORIES=1 on the workflow
 * tests) replays against the current workflow code; an unversioned edit is caught; the same edit behind patched() is not.
 */
import { bundleWorkflowCode, Worker, type ReplayResult } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import fs from 'node:fs';
import path from 'node:path';
import { HISTORIES_DIR, installQuietRuntime, quietLogger, WORKFLOWS_PATH } from './support/harness';
import { historyFromFixtureJson } from './support/history-json';

const MAIN_PATHS = [
  'happy-path', 'denied-third-party', 'unknown-approved', 'backorder-restock', 'invalid-address', 'shipping-sla',
  'cancel-before-handover', 'reminders-then-return', 'return-in-transit', 'closed-unreturned',
];
/** Paths recorded since the `carrier-failure-routing` patch (and a claim under a configured, versioned policy). */
const ROUTED_PATHS = ['carrier-rejected', 'carrier-configuration-wait', 'configured-policy'];

beforeAll(installQuietRuntime);

/** Histories recorded before the `lean-history` patch: claims still open from then must keep replaying. */
const BEFORE_LEAN_DIR = path.join(HISTORIES_DIR, 'before-lean-history');

/** The recorded histories of `dir`, by file name (prefixed with `prefix`). */
function historiesIn(dir: string, prefix = '') {
  return fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort().map((file) => ({
    workflowId: `${prefix}${path.basename(file, '.json')}`,
    history: historyFromFixtureJson(fs.readFileSync(path.join(dir, file), 'utf8')),
  }));
}

/** Every recorded history: the current recordings, then those from before the `lean-history` patch. */
function recordedHistories() {
  return [...historiesIn(HISTORIES_DIR), ...historiesIn(BEFORE_LEAN_DIR, 'before-lean/')];
}
const ALL_PATHS = [...[...MAIN_PATHS, ...ROUTED_PATHS].sort(), ...[...MAIN_PATHS].sort().map((name) => `before-lean/${name}`)];

/** Replays every recorded history against the workflows at `workflowsPath`. */
async function replayAll(workflowsPath: string): Promise<ReplayResult[]> {
  const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: quietLogger() });
  const results: ReplayResult[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, recordedHistories())) results.push(result);
  return results;
}

test('one history is recorded per main path, now and from before the lean-history patch, plus the carrier-routing paths', () => {
  expect(recordedHistories().map((h) => h.workflowId)).toEqual(ALL_PATHS);
});

test('every recorded history replays against the current workflow code', async () => {
  const results = await replayAll(WORKFLOWS_PATH);
  expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(ALL_PATHS.map((id) => [id, undefined]));
});

test('an unversioned edit to the workflow is caught as a DeterminismViolationError', async () => {
  const results = await replayAll(path.join(__dirname, 'variants', 'unpatched-edit.ts'));
  expect(results).toHaveLength(ALL_PATHS.length);
  for (const result of results) expect(result.error).toBeInstanceOf(DeterminismViolationError);
});

test('the same edit behind patched() replays every recorded history', async () => {
  const results = await replayAll(path.join(__dirname, 'variants', 'patched-edit.ts'));
  expect(results.map((r) => r.error?.message)).toEqual(ALL_PATHS.map(() => undefined));
});
