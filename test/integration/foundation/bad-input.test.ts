/** The launcher's and the provisioner's answers to a machine that is not ready: one readable message, no stack trace. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { toolPaths } from '../../../scripts/lib/paths';
import { findFreePort } from '../../../scripts/lib/ports';

const repo = path.resolve(__dirname, '../../..');
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx');
/** A PATH holding `node` and nothing else (no python3, pip or go). */
const nodeOnlyPath = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-node-only-'));
  fs.symlinkSync(process.execPath, path.join(dir, 'node'));
  return dir;
})();

function run(script: string, env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const result = spawnSync(tsx, [path.join(repo, 'scripts', script)], { cwd: repo, env, encoding: 'utf8', timeout: 90_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

it('names a port already in use and the variable that changes it', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-port-'));
    const { status, output } = run('start.ts', {
      ...process.env, TEMPORAL_PORT: String(port), RF_DATA_DIR: dataDir, TEMPORAL_ADDRESS: '', MONGODB_URI: '',
      SHIPPO_SANDBOX_PORT: String(await findFreePort()), SMTP_SINK_PORT: String(await findFreePort()), PROVISIONING_SANDBOX_PORT: String(await findFreePort()),
    });
    expect(status).toBe(1);
    expect(output).toContain(`port ${port} for the Temporal dev server is already in use`);
    expect(output).toContain('TEMPORAL_PORT=<port>');
    expectNoStackTrace(output);
  } finally {
    blocker.close();
  }
});

it('names python3/pip when the Temporal servers must be installed and pip is missing', () => {
  const emptyTools = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-tools-'));
  const { status, output } = run('provision.ts', { PATH: nodeOnlyPath, HOME: os.tmpdir(), RF_TOOLS_DIR: emptyTools });
  expect(status).toBe(1);
  expect(output).toContain('python3 with pip is needed');
  expect(output).toContain('apt-get install -y python3 python3-pip');
  expectNoStackTrace(output);
});

it('names Go when FerretDB must be built and go is missing', () => {
  const emptyTools = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-tools-'));
  const { temporalCli, temporalTestServer } = toolPaths({});
  const { status, output } = run('provision.ts', {
    PATH: nodeOnlyPath, HOME: os.tmpdir(), RF_TOOLS_DIR: emptyTools,
    TEMPORAL_CLI_PATH: temporalCli, TEMPORAL_TEST_SERVER_PATH: temporalTestServer,
  });
  expect(status).toBe(1);
  expect(output).toContain('Go is needed to build FerretDB');
  expect(output).toContain('FERRETDB_PATH');
  expectNoStackTrace(output);
});

it('provisions nothing the second time: everything is cached', () => {
  const { status, output } = run('provision.ts', { ...process.env, TEMPORAL_ADDRESS: '', MONGODB_URI: '' });
  expect(status).toBe(0);
  expect(output).toContain('Temporal CLI and test server cached');
  expect(output).toContain('FerretDB v1.24.2 cached');
  expect(output).not.toMatch(/installing|building|downloading/);
});
