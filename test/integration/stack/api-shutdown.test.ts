/**
 * Graceful shutdown of the production API process: SIGTERM while a request is half-sent → the server stops accepting
 * connections, still answers the request in flight, then exits 0.
 */
import net from 'node:net';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { startApiProcess, type ProductProcess } from './support';

let database: TestDatabase;
let api: ProductProcess;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await startApiProcess({ MONGODB_DB: database.db.databaseName, SHUTDOWN_TIMEOUT_MS: '20000' });
});

afterAll(async () => {
  if (api && api.child.exitCode === null) {
    api.kill('SIGKILL');
    await api.exited;
  }
  await database?.close();
});

test('SIGTERM: the request in flight is answered, new connections are refused, the process exits 0', async () => {
  const port = Number(new URL(api.url).port);
  const body = JSON.stringify({ event: 'track_updated', data: {} });
  const socket = net.connect(port, '127.0.0.1');
  const response = new Promise<string>((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const head = `POST /webhooks/shippo?token=wrong-token-wrong-token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  socket.write(head + body.slice(0, 10)); // the request is now in flight: headers read, body incomplete

  api.kill('SIGTERM');
  await api.waitForLog((line) => line.msg === 'shutdown requested: draining', 5_000);
  let refused = false;
  for (let i = 0; i < 40 && !refused; i += 1) {
    refused = await fetch(`${api.url}/healthz`).then(() => false, () => true);
    if (!refused) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(refused).toBe(true);

  socket.write(body.slice(10));
  expect((await response).split('\r\n')[0]).toBe('HTTP/1.1 401 Unauthorized'); // answered (wrong token) despite the shutdown
  expect(await api.exited).toBe(0);
  expect(api.logs().some((line) => line.msg === 'api stopped')).toBe(true);
});
