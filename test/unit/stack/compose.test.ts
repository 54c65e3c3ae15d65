/**
 * docker-compose.yml, Dockerfile and .env.example, read as files: every service, health check, start-order
 * dependency, named volume and required variable; the app environment passes the real config schema. Where the
 * Docker compose plugin is installed, `docker compose config` must accept the file too.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { envSchema, loadConfig, productionRequired } from '../../../config/env';
import { WORKER_COMMAND } from '../../../worker/node-flags';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  stop_grace_period?: string;
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;

/** Compose interpolation: `${VAR:-default}`, `${VAR:?error}`, `${VAR}`, resolved against `values`. */
function interpolate(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
    const value = values[name];
    if (value) return value;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? rest ?? '' : '';
  });
}
const secrets = {
  SHIPPO_API_TOKEN: 'shippo_test_compose',
  SHIPPO_WEBHOOK_SECRET: 'compose-webhook-secret-0123456789',
  API_KEYS: `support:${'a'.repeat(64)},shipping:${'b'.repeat(64)}`,
};

describe('docker-compose.yml', () => {
  it('has every service of the product', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mailpit', 'mongo', 'postgresql', 'temporal', 'temporal-setup', 'temporal-ui', 'worker']);
    expect(services.temporal?.image).toMatch(/^temporalio\/auto-setup:/);
    expect(services.temporal?.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
    expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
    expect(services.mongo?.image).toMatch(/^mongo:7/);
    expect(services.mailpit?.image).toMatch(/^axllent\/mailpit/);
    expect(services.worker?.command).toEqual([...WORKER_COMMAND]);
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.worker).toBe(WORKER_COMMAND.join(' '));
    expect(services.api?.command).toEqual(['node', '--import', 'tsx', 'client/api/main.ts']);
  });

  it('gives every long-running service a health check', () => {
    // temporal-setup is one-shot: its dependants wait for service_completed_successfully instead.
    const unchecked = Object.entries(services).filter(([, service]) => (service.healthcheck?.test.length ?? 0) < 2).map(([name]) => name);
    expect(unchecked).toEqual(['temporal-setup']);
    expect(services.worker?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:9464/readyz');
    expect(services.api?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:8080/readyz');
  });

  it('runs MongoDB as a one-node replica set initiated by its health check', () => {
    expect(services.mongo?.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    const check = services.mongo!.healthcheck!.test.join(' ');
    expect(check).toContain("rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] })");
    expect(check).toContain('isWritablePrimary');
    expect(services.worker?.environment?.MONGODB_URI).toBe('mongodb://mongo:27017/?replicaSet=rs0');
  });

  it('starts in health order: every dependency exists and is waited for', () => {
    const expected: Record<string, Record<string, string>> = {
      temporal: { postgresql: 'service_healthy' },
      'temporal-ui': { temporal: 'service_healthy' },
      'temporal-setup': { temporal: 'service_healthy' },
      worker: { mongo: 'service_healthy', temporal: 'service_healthy', 'temporal-setup': 'service_completed_successfully', mailpit: 'service_healthy' },
      api: { mongo: 'service_healthy', temporal: 'service_healthy', worker: 'service_healthy' },
    };
    for (const [name, service] of Object.entries(services)) {
      const conditions = Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([dep, { condition }]) => [dep, condition]));
      expect({ name, conditions }).toEqual({ name, conditions: expected[name] ?? {} });
      for (const [dep, condition] of Object.entries(conditions)) {
        expect(services[dep]).toBeDefined();
        if (condition === 'service_healthy') expect(services[dep]?.healthcheck).toBeDefined();
      }
    }
  });

  it('keeps state in declared named volumes', () => {
    const named = (service: Service) => (service.volumes ?? []).map((mount) => mount.split(':')[0]!).filter((source) => !source.startsWith('.') && !source.startsWith('/'));
    expect(named(services.postgresql!)).toEqual(['postgres-data']);
    expect(named(services.mongo!)).toEqual(['mongo-data', 'mongo-config']);
    expect(named(services.mailpit!)).toEqual(['mailpit-data']);
    const used = Object.values(services).flatMap(named);
    expect(Object.keys(compose.volumes).sort()).toEqual([...new Set(used)].sort());
  });

  it('gives the worker and the API a complete production environment that passes the config schema', () => {
    const known = Object.keys(envSchema.shape);
    for (const name of ['worker', 'api'] as const) {
      const environment = services[name]!.environment!;
      for (const key of Object.keys(environment)) expect(known).toContain(key);
      for (const key of productionRequired) expect(Object.keys(environment)).toContain(key);
      const resolved = Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, interpolate(String(value), secrets)]));
      const config = loadConfig(resolved);
      expect(config).toMatchObject({ APP_ENV: 'production', BIND_HOST: '0.0.0.0', TEMPORAL_ADDRESS: 'temporal:7233', SMTP_HOST: 'mailpit', WORKER_OPS_PORT: 9464, API_PORT: 8080 });
      expect(Number.parseInt(services[name]!.stop_grace_period!, 10) * 1000).toBeGreaterThan(config.SHUTDOWN_TIMEOUT_MS);
    }
  });

  it('refuses to start without the secrets, naming them', () => {
    const environment = services.worker!.environment!;
    expect(() => interpolate(environment.SHIPPO_API_TOKEN!, {})).toThrow(/^SHIPPO_API_TOKEN: set SHIPPO_API_TOKEN in \.env/);
    expect(() => interpolate(environment.SHIPPO_WEBHOOK_SECRET!, {})).toThrow(/^SHIPPO_WEBHOOK_SECRET: /);
    expect(() => interpolate(environment.API_KEYS!, {})).toThrow(/^API_KEYS: /);
  });

  const composePlugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  (composePlugin ? it : it.skip)('is accepted by `docker compose config` (only where the compose plugin is installed)', () => {
    const result = spawnSync('docker', ['compose', '-f', 'docker-compose.yml', 'config', '--quiet'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...secrets } });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\w+)/gm)].map((match) => match[1]);

  it('is multi-stage on node 20 slim with production dependencies only in the runtime stage', () => {
    expect(stages).toEqual(['deps', 'build', 'runtime']);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20[\w.]*-\w+-slim$/m);
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toContain('COPY --from=deps /app/node_modules ./node_modules');
  });

  it('prebuilds the workflow bundle and ships it', () => {
    expect(dockerfile).toContain('npx tsx scripts/build-workflow-bundle.ts dist/workflow-bundle.js');
    expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
  });

  it('runs as a non-root user, node directly as the command', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain(`CMD ${JSON.stringify([...WORKER_COMMAND]).replace(/","/g, '", "')}\n`);
  });

  it('copies every source folder (and the type-check covers each of them)', () => {
    const devOnly = ['test', 'bench']; // the test suite and the benchmark are not shipped in the image
    const sourceFolders = fs.readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map((entry) => entry.name)
      .filter((folder) => fs.readdirSync(path.join(root, folder), { recursive: true }).some((file) => String(file).endsWith('.ts')));
    const tsconfig = JSON.parse(read('tsconfig.json')) as { include: string[] };
    expect(sourceFolders).toEqual(expect.arrayContaining(['domain', 'entry', 'storage', 'workflows']));
    expect(tsconfig.include).toEqual(expect.arrayContaining(sourceFolders));
    for (const folder of sourceFolders.filter((name) => !devOnly.includes(name))) expect(dockerfile).toContain(`COPY --from=build /app/${folder} ./${folder}\n`);
  });

  it('keeps local state, tests and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.tools', '.data', 'dist', 'test', '.env', '!.env.example']));
  });
});

describe('.env.example', () => {
  const example = read('.env.example');
  const assignments = Object.fromEntries(
    example.split('\n').filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('documents every setting of the config schema, and nothing else', () => {
    expect(Object.keys(assignments).sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('is itself a valid configuration', () => {
    expect(() => loadConfig(assignments)).not.toThrow();
  });
});
