/**
 * The fault suite's servers: a file-backed Temporal dev server and FerretDB on fixed ports in one data dir, each
 * restartable in place (same port, same files), so clients and the worker reconnect to the same state.
 */
import path from 'node:path';
import { findFreePort } from '../../scripts/lib/ports';
import { startServerProcess, waitUntilReady, type ServerProcess } from '../../scripts/lib/process';
import { provision } from '../../scripts/lib/provision';
import { pingMongo, searchAttributes, temporalAnswers } from '../../scripts/lib/stack';

/** A server that can be restarted in place. */
export interface RestartableServer {
  name: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Both servers plus their addresses. */
export interface FaultServers {
  temporalAddress: string;
  mongoUri: string;
  temporal: RestartableServer;
  ferretdb: RestartableServer;
  stopAll(): Promise<void>;
}

function restartable(name: string, start: () => Promise<ServerProcess>, first: ServerProcess): RestartableServer {
  let current = first;
  return {
    name,
    async restart() {
      await current.stop();
      current = await start();
    },
    stop: () => current.stop(),
  };
}

/** Starts both servers under `dataDir`. */
export async function startFaultServers(dataDir: string): Promise<FaultServers> {
  const tools = provision({ temporal: true, ferretdb: true, log: () => undefined });
  const [temporalPort, ferretPort] = [await findFreePort(), await findFreePort()];
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const mongoUri = `mongodb://127.0.0.1:${ferretPort}/`;
  const ferretDir = path.join(dataDir, 'ferretdb');
  const startFerret = async () => {
    const server = startServerProcess('FerretDB', tools.ferretdb, [
      '--handler=sqlite', `--sqlite-url=file:${ferretDir}/`, `--state-dir=${ferretDir}`, `--listen-addr=127.0.0.1:${ferretPort}`,
      '--debug-addr=127.0.0.1:0', '--telemetry=disable', '--log-level=warn',
    ], path.join(dataDir, 'logs', 'ferretdb.log'));
    await waitUntilReady(server, () => pingMongo(mongoUri), 60_000);
    return server;
  };
  const startTemporal = async () => {
    const server = startServerProcess('Temporal dev server', tools.temporalCli, [
      'server', 'start-dev', '--ip', '127.0.0.1', '--port', String(temporalPort), '--headless', '--log-level', 'error',
      '--db-filename', path.join(dataDir, 'temporal.db'),
      ...Object.entries(searchAttributes).flatMap(([attribute, type]) => ['--search-attribute', `${attribute}=${type}`]),
    ], path.join(dataDir, 'logs', 'temporal.log'));
    await waitUntilReady(server, () => temporalAnswers(temporalAddress), 120_000);
    return server;
  };
  const fs = await import('node:fs');
  fs.mkdirSync(ferretDir, { recursive: true });
  const ferretdb = restartable('FerretDB', startFerret, await startFerret());
  const temporal = restartable('Temporal dev server', startTemporal, await startTemporal());
  return {
    temporalAddress, mongoUri, temporal, ferretdb,
    async stopAll() {
      await Promise.allSettled([temporal.stop(), ferretdb.stop()]);
    },
  };
}
