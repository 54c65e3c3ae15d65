/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers and the OpenAPI document */
/**
 * The `rf` CLI (bin/rf.js, as users run it) against the API on real parts: open, search, the task list and completing
 * a task, with `--json` parsed; readable tables; and the exit codes scripts rely on (2 invalid, 3 not found, 4 conflict).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_API_KEYS, type Role } from '../../../client/api/api-keys';
import { claimRequest, registerDevice, startSurfaceApp, until, type SurfaceApp } from './harness';

const RF = path.resolve(__dirname, '../../../bin/rf.js');
const MAC = '00:15:65:AB:CD:31';
let s: SurfaceApp;
let dir: string;

/** Runs `rf` with a role's key; resolves with the exit code and output (never rejects). */
function rf(role: Role, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [RF, ...args], { env: { ...process.env, RF_API_URL: s.baseUrl, RF_API_KEY: DEV_API_KEYS[role] }, timeout: 90_000 },
      (error, stdout, stderr) => {
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, json });
      });
  });
}

beforeAll(async () => {
  s = await startSurfaceApp();
  await registerDevice(s.db, MAC, '2131');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-cli-'));
  fs.writeFileSync(path.join(dir, 'request.json'), JSON.stringify(claimRequest('0015.65ab.cd31', '2131', 'cli.customer@acme.example')));
  fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ ...claimRequest('nope', 'x'), shipTo: {} }));
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"mac": ');
});
afterAll(async () => {
  await s?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('rf', () => {
  let claimId = '';

  it('opens a claim (--json), and the second open returns the same claim', async () => {
    const first = await rf('support', 'open', '--file', path.join(dir, 'request.json'), '--json');
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ created: true, status: expect.any(String) });
    claimId = first.json.claimId;
    const second = await rf('support', 'open', '--file', path.join(dir, 'request.json'));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('this device already has an open claim');
    expect(second.stdout).toContain(claimId);
  });

  it('exits 2 with every bad field named, or the JSON problem, for bad input', async () => {
    const bad = await rf('support', 'open', '--file', path.join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/- mac: must be 12 hex digits/);
    expect(bad.stderr).toMatch(/- shipTo\.street1: is required/);
    const broken = await rf('support', 'open', '--file', path.join(dir, 'broken.json'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/is not valid JSON/);
    expect((await rf('support', 'open')).code).toBe(2);
  });

  it('searches by MAC and email (--json) and prints a table without it', async () => {
    const byMac = await rf('support', 'search', '--mac', '00-15-65-ab-cd-31', '--json');
    expect(byMac.code).toBe(0);
    expect(byMac.json.claims.map((c: { claimId: string }) => c.claimId)).toEqual([claimId]);
    const byEmail = await rf('support', 'search', '--email', 'cli.customer@acme.example');
    expect(byEmail.code).toBe(0);
    expect(byEmail.stdout).toMatch(/CLAIMID\s+STATUS\s+MAC/);
    expect(byEmail.stdout).toContain(claimId);
    const newest = await rf('support', 'search', '--json'); // no criterion: the newest claims
    expect(newest.code).toBe(0);
    expect(newest.json.claims[0].claimId).toBe(claimId);
  });

  it('lists the shipping task (--json), completes it, and a second completion exits 4', async () => {
    const listed = await until(() => rf('shipping', 'tasks', '--kind', 'pick-pack-ship', '--json'),
      (r) => r.json?.tasks?.some((t: { claimId: string; claim: { status: string } }) => t.claimId === claimId && t.claim.status === 'awaiting-shipment'), 90_000);
    expect(listed.code).toBe(0);
    const task = listed.json.tasks.find((t: { claimId: string }) => t.claimId === claimId);
    expect(task).toMatchObject({ kind: 'pick-pack-ship', status: 'open', overdue: false });
    const table = await rf('shipping', 'tasks');
    expect(table.stdout).toMatch(/TASK\s+KIND\s+STATUS\s+DUE/);

    const done = await rf('shipping', 'complete', claimId, '--mac', '001565abee31', '--serial', 'SN-CLI-31', '--json');
    expect(done.code).toBe(0);
    expect(done.json).toMatchObject({ claimId, status: 'shipped' });
    const again = await rf('shipping', 'complete', claimId, '--mac', '001565abee31');
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already handed to the carrier/);

    const shown = await rf('support', 'show', MAC, '--json');
    expect(shown.json).toMatchObject({ claimId, status: 'shipped', replacementMac: '00:15:65:AB:EE:31' });
    // Read as a person reads it: the flags in the header, every line within 100 columns (long sentences wrap).
    const printed = await rf('support', 'show', '001565abcd31');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^flags\s+none$/m);
    expect(printed.stdout).toContain(claimId);
    expect(Math.max(...printed.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    const help = await rf('support', '--help');
    expect(help.stdout + help.stderr).toMatch(/--reason <text>\n\s+supervisor: decide an unknown device \(a reason for approvals too\)/);
  });

  it('exits 3 for an unknown claim, 1 with a hint for a key of the wrong role, 2 for an unknown command', async () => {
    const missing = await rf('support', 'show', 'RC-20260101-NOPE');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/claim RC-20260101-NOPE not found/);
    const wrongRole = await rf('support', 'complete', 'RC-20260101-NOPE', '--mac', '001565abee31');
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.stderr).toMatch(/role support may not complete pick-pack-ship \(check RF_API_KEY\)/);
    expect((await rf('support', 'tasks')).code).toBe(0); // support lists the kinds it works
    const unknown = await rf('support', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const report = await rf('supervisor', 'report', '--json');
    expect(report.code).toBe(0);
    expect(report.json.byStatus.shipped).toBe(1);
  });
});
