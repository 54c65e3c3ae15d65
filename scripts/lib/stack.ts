/**
 * The embedded stack: a file-backed Temporal dev server and FerretDB (SQLite), both on loopback.
 * Used by `npm start` and by the integration tests' globalSetup. An external server is used instead
 * of a local one when TEMPORAL_ADDRESS or MONGODB_URI is set.
 */
import { CLAIM_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import path from 'node:path';
import { assertPortFree, findFreePort } from './ports';
import { ServerProcess, startServerProcess, waitUntilReady } from './process';
import { provision } from './provision';

/** Custom search attributes the claim workflow upserts; registered on the dev server at start. */
export const searchAttributes = Object.fromEntries(CLAIM_SEARCH_ATTRIBUTES.map((key) => [key.name, 'Keyword'])) as Record<string, 'Keyword'>;

/** Where to put the stack and which ports to use (`'free'` picks unused ones, for tests). */
export interface StackOptions {
  dataDir: string;
  ports: 'free' | { temporal: number; temporalUi: number; ferretdb: number };
  /** Start the Temporal web UI (the dev server always has one; tests turn it off). */
  ui?: boolean;
  log?: (line: string) => void;
}

/** A running stack. */
export interface RunningStack {
  temporalAddress: string;
  temporalUiUrl?: string;
  mongoUri: string;
  /** The embedded FerretDB's process and its debug handler (Prometheus metrics at `/debug/metrics`); absent when external. */
  ferretdb?: { pid: number; debugUrl: string };
  stop(): Promise<void>;
}

/** Provisions and starts whatever is not supplied externally, and waits until both servers answer. */
export async function startEmbeddedStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const externalTemporal = process.env.TEMPORAL_ADDRESS;
  const externalMongo = process.env.MONGODB_URI;
  const tools = provision({ temporal: !externalTemporal, ferretdb: !externalMongo, log });
  const ports = options.ports === 'free'
    ? { temporal: await findFreePort(), temporalUi: await findFreePort(), ferretdb: await findFreePort() }
    : options.ports;
  if (options.ports !== 'free') {
    if (!externalTemporal) await assertPortFree(ports.temporal, 'the Temporal dev server', 'TEMPORAL_PORT');
    if (!externalTemporal && options.ui !== false) await assertPortFree(ports.temporalUi, 'the Temporal web UI', 'TEMPORAL_UI_PORT');
    if (!externalMongo) await assertPortFree(ports.ferretdb, 'FerretDB', 'FERRETDB_PORT');
  }
  const started: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((server) => server.stop()));
  };
  try {
    const ferretdb = externalMongo ? undefined : await startFerretDb(tools.ferretdb, options.dataDir, ports.ferretdb, started);
    const temporal = externalTemporal
      ? { address: externalTemporal }
      : await startTemporal(tools.temporalCli, options.dataDir, ports, options.ui !== false, started);
    return {
      temporalAddress: temporal.address, temporalUiUrl: temporal.uiUrl, mongoUri: externalMongo ?? ferretdb!.uri, stop,
      ...(ferretdb ? { ferretdb: { pid: ferretdb.pid, debugUrl: ferretdb.debugUrl } } : {}),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startFerretDb(binary: string, dataDir: string, port: number, started: ServerProcess[]): Promise<{ uri: string; pid: number; debugUrl: string }> {
  const dir = path.join(dataDir, 'ferretdb');
  const debugAddress = `127.0.0.1:${await findFreePort()}`;
  const server = startServerProcess('FerretDB', binary, [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    `--debug-addr=${debugAddress}`,
    '--telemetry=disable',
    '--log-level=warn',
  ], path.join(dataDir, 'logs', 'ferretdb.log'));
  started.push(server);
  const uri = `mongodb://127.0.0.1:${port}/`;
  await ensureDir(dir);
  await waitUntilReady(server, () => pingMongo(uri), 60_000);
  return { uri, pid: server.child.pid!, debugUrl: `http://${debugAddress}/debug` };
}

async function startTemporal(
  binary: string,
  dataDir: string,
  ports: { temporal: number; temporalUi: number },
  ui: boolean,
  started: ServerProcess[],
): Promise<{ address: string; uiUrl?: string }> {
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(ports.temporal),
    '--db-filename', path.join(dataDir, 'temporal.db'),
    '--log-level', 'error',
    ...Object.entries(searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...(ui ? ['--ui-port', String(ports.temporalUi), '--ui-ip', '127.0.0.1'] : ['--headless']),
  ];
  await ensureDir(dataDir);
  const server = startServerProcess('Temporal dev server', binary, args, path.join(dataDir, 'logs', 'temporal.log'));
  started.push(server);
  const address = `127.0.0.1:${ports.temporal}`;
  await waitUntilReady(server, () => temporalAnswers(address), 120_000);
  return { address, uiUrl: ui ? `http://127.0.0.1:${ports.temporalUi}` : undefined };
}

/** True once the MongoDB-wire server at `uri` answers a ping. */
export async function pingMongo(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } finally {
    await client.close();
  }
}

/** True once the Temporal frontend at `address` serves the default namespace. */
export async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } finally {
    await connection.close();
  }
}

async function ensureDir(dir: string): Promise<void> {
  const fs = await import('node:fs');
  fs.mkdirSync(dir, { recursive: true });
}
