/**
 * The layer rule (eslint.config.mjs, README "Layers"): an import that points up fails lint, one that points down
 * passes. Each probe is a real file in its folder while it is linted (the typed lint reads files from disk); all of
 * them are linted in one ESLint run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');
const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');

const upward: Array<[folder: string, source: string, message: string]> = [
  ['data', "export { createActivities } from '../activities';", 'data/ may not import activities/'],
  ['domain', "export { findClaim } from '../data/claims';", 'domain/ may not import data/'],
  ['carrier', "export { EmailOutbox } from '../notifications/outbox';", 'carrier/ may not import notifications/'],
  ['worker', "export { findFreePort } from '../scripts/lib/ports';", 'worker/ may not import scripts/'],
  ['client', "export { startShippoSandbox } from '../sandbox/shippo/server';", 'client/ may not import sandbox/'],
  ['activities', "export { startTestApp } from '../test/support/app';", 'activities/ may not import test/'],
];
const downward: Array<[folder: string, source: string]> = [
  ['activities', "export { findClaim } from '../data/claims';"],
  ['data', "export { firstInsertWins } from '../storage/first-writer';"],
  ['test', "export { createActivities } from '../activities';"],
  ['workflows', "export type { ClaimActivities } from '../activities/contract';"],
];

/** The layer messages of each probe (by its index in `probes`), from one ESLint run. */
function lintProbes(probes: Array<[folder: string, source: string]>): string[][] {
  const files = probes.map(([folder, source], index) => {
    const file = path.join(repoRoot, folder, `__layer_probe_${process.pid}_${index}.ts`);
    fs.writeFileSync(file, source);
    return file;
  });
  try {
    const run = spawnSync(process.execPath, [eslintBin, '--format', 'json', ...files], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const results = JSON.parse(run.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; message: string }> }>;
    return files.map((file) => (results.find((result) => result.filePath === file)?.messages ?? [])
      .filter((message) => message.ruleId === 'boundaries/dependencies').map((message) => message.message));
  } finally {
    for (const file of files) fs.rmSync(file, { force: true });
  }
}

let messages: string[][] = [];
beforeAll(() => {
  messages = lintProbes([...upward.map(([folder, source]) => [folder, source] as [string, string]), ...downward]);
}, 120_000);

describe('layers only point down', () => {
  it.each(upward.map((probe, index) => [...probe, index] as const))('%s/ importing upward or a tool fails: %s', (_folder, _source, message, index) => {
    expect(messages[index]).toEqual([expect.stringContaining(message)]);
  });

  it.each(downward.map((probe, index) => [...probe, upward.length + index] as const))('%s/ importing downward passes: %s', (_folder, _source, index) => {
    expect(messages[index]).toEqual([]);
  });
});
