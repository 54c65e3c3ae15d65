/**
 * `npm start`'s output (scripts/start.ts, against this run's Temporal and FerretDB as external servers): every line
 * is one JSON object — the embedded stack's steps, the SDK and the workflow bundler, the API, the banner — the
 * worker's ops server answers /readyz (carrier included), and Ctrl-C stops everything with exit code 0.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { findFreePort } from '../../../scripts/lib/ports';

jest.setTimeout(240_000);

test('npm start prints one JSON line per entry, serves the worker /readyz and stops cleanly on SIGINT', async () => {
  const [sandbox, smtp, api, ops] = [await findFreePort(), await findFreePort(), await findFreePort(), await findFreePort()];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-start-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: path.resolve(__dirname, '../../..'),
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!, MONGODB_URI: process.env.MONGODB_URI!,
      MONGODB_DB: `start_${randomBytes(4).toString('hex')}`, TEMPORAL_TASK_QUEUE: `start-${randomBytes(4).toString('hex')}`, RF_DATA_DIR: dataDir,
      SHIPPO_SANDBOX_PORT: String(sandbox), SMTP_SINK_PORT: String(smtp), API_PORT: String(api), WORKER_OPS_PORT: String(ops), TRACKING_POLL_INTERVAL_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 180_000;
    while (!output.includes('replacement-fulfilment is running') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(output).toContain('replacement-fulfilment is running');
    const ready = await fetch(`http://127.0.0.1:${ops}/readyz`);
    expect(await ready.json()).toMatchObject({ ok: true, checks: { mongodb: { ok: true }, temporal: { ok: true }, carrier: { ok: true } } });
    expect((await fetch(`http://127.0.0.1:${api}/healthz`)).status).toBe(200);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  const notJson = lines.filter((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return typeof parsed.level !== 'number' && typeof parsed.level !== 'string';
    } catch {
      return true;
    }
  });
  expect(notJson).toEqual([]);
  const messages = lines.map((line) => JSON.parse(line) as { msg?: string; api?: string });
  expect(messages.map((m) => m.msg)).toEqual(expect.arrayContaining(['starting the embedded stack', 'bundling workflows and starting the worker', 'stopped']));
  expect(messages.find((m) => m.msg === 'replacement-fulfilment is running (Ctrl-C stops everything)')?.api).toBe(`http://127.0.0.1:${api}`);
  expect(lines.length).toBeGreaterThan(5);
});
