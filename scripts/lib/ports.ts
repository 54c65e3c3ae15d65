/** Port helpers for the embedded stack: free ports for tests, clear errors for taken ones. */
import net from 'node:net';
import { UserFacingError } from '../../entry/errors';

/**
 * Lowest and highest port `findFreePort` picks from: below Linux's default ephemeral range (32768–60999), so an
 * outgoing connection made between the pick and the `listen` cannot take the port (CI once lost a test to that).
 */
const PICK_RANGE = { low: 20_000, high: 32_000 } as const;

/** A free loopback port outside the ephemeral range, checked by binding it; tries random ports until one binds. */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = PICK_RANGE.low + Math.floor(Math.random() * (PICK_RANGE.high - PICK_RANGE.low));
    if (await canBind(port)) return port;
  }
  return osPickedPort();
}

/** True when `port` can be bound on 127.0.0.1 right now (the probe closes at once). */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The OS's pick (from the ephemeral range): the fallback when no random port bound. */
function osPickedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves when nothing listens on `port`; otherwise a message naming the port and the variable that changes it. */
export function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be opened (${error.code ?? error.message})`;
      reject(new UserFacingError(`port ${port} for ${what} ${reason}. Stop whatever holds it, or choose another port: ${variable}=<port>.`));
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** True once something accepts TCP connections on 127.0.0.1:`port`. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
