/** Helpers for the stack tests: the real worker entry point as a child process, registry seeding, metric parsing. */
import { restockUnits } from '../../../data/inventory';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Db } from 'mongodb';
import type { ClaimRequest } from '../../../domain/types';
import { findFreePort } from '../../../scripts/lib/ports';
import { WORKER_NODE_FLAGS } from '../../../worker/node-flags';

const root = path.resolve(__dirname, '..', '..', '..');

/** A product process started with `node [flags] --import tsx <entry>`, exactly as the container runs it. */
export interface ProductProcess {
  child: ChildProcess;
  /** The worker's ops server, or the API's base URL. */
  url: string;
  /** Every JSON log line so far (non-JSON output lines are kept as `{ raw }`). */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  /** Waits for a log line matching `match`. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts the worker entry point (worker/main.ts) on the integration stack; resolves once it polls. */
export async function startWorkerProcess(env: Record<string, string>): Promise<ProductProcess> {
  const opsPort = await findFreePort();
  const coreMetricsPort = await findFreePort();
  return startProductProcess('worker/main.ts', `http://127.0.0.1:${opsPort}`, 'worker polling', WORKER_NODE_FLAGS, {
    WORKER_OPS_PORT: String(opsPort),
    TEMPORAL_METRICS_BIND_ADDRESS: `127.0.0.1:${coreMetricsPort}`,
    ...env,
  });
}

/** Starts the production API entry point (client/api/main.ts); resolves once it listens. */
export async function startApiProcess(env: Record<string, string>): Promise<ProductProcess> {
  const port = await findFreePort();
  return startProductProcess('client/api/main.ts', `http://127.0.0.1:${port}`, 'api listening', [], { API_PORT: String(port), ...env });
}

async function startProductProcess(entry: string, url: string, readyMessage: string, nodeFlags: readonly string[], env: Record<string, string>): Promise<ProductProcess> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      MONGODB_URI: process.env.MONGODB_URI!,
      LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) {
        if (!part.trim()) continue;
        try {
          lines.push(JSON.parse(part) as Record<string, unknown>);
        } catch {
          lines.push({ raw: part });
        }
      }
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started: ProductProcess = {
    child,
    url,
    logs: () => [...lines],
    exited,
    kill: (signal) => void child.kill(signal),
    async waitForLog(match, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = lines.find(match);
        if (found) return found;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${entry}: log line not seen (exit code ${child.exitCode}); last lines:\n${lines.slice(-15).map((l) => JSON.stringify(l)).join('\n')}`);
    },
  };
  await started.waitForLog((line) => line.msg === readyMessage);
  return started;
}

/** A random locally administered MAC, so each test's claim has its own workflow id on the shared server. */
export function randomMac(): string {
  return ['02', ...[...randomBytes(5)].map((byte) => byte.toString(16).padStart(2, '0'))].join(':').toUpperCase();
}

/** Registers an in-warranty device of `model` and `units` grade-A units of that model. */
export async function seedDeviceAndStock(db: Db, mac: string, model: string, units: number): Promise<void> {
  const purchasedOn = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
  await db.collection('devices').insertOne({ mac, extension: '2101', accountId: 'ACME-1001', model, channel: 'installation', purchasedOn });
  if (!(await db.collection('device_models').findOne({ model }))) {
    await db.collection('device_models').insertOne({ model, manufacturer: 'Yealink', name: model, similarModels: [] });
  }
  await restockUnits(db, Array.from({ length: units }, (_, i) => ({ unitId: `${model}-${mac.slice(-5).replace(':', '')}-${i + 1}`, model, grade: 'A' as const })));
}

/** A valid claim request for `mac`. */
export function claimRequest(mac: string): ClaimRequest {
  return {
    mac, extension: '2101', accountId: 'ACME-1001',
    contact: { name: 'Dana Whitfield', phone: '+1 214 555 0101', email: 'dana.whitfield@acme.example', locale: 'en-US', timeZone: 'America/Chicago' },
    shipTo: { name: 'Dana Whitfield', company: 'Acme Dental', street1: '1401 Elm St', city: 'Dallas', state: 'TX', postalCode: '75202', country: 'US' },
    fault: 'defect', description: 'Handset audio cuts out; reboots every few minutes.',
    troubleshooting: { remoteSession: true, cablingChecked: true, photoRefs: [] }, triggeredBy: 'agent.morgan',
  };
}

/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text format into samples (comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples of `name` whose labels include `where`. */
export function sumOf(samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(where).every(([key, value]) => sample.labels[key] === value))
    .reduce((total, sample) => total + sample.value, 0);
}

/** GETs a URL and returns status and body. */
export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}
