/**
 * The production API process (client/api/main.ts) outlives any request (issue #13): one unauthenticated
 * `GET /healthz?email=%` used to throw `URIError: URI malformed` in the log serializer and end the process. Requests
 * with malformed percent-escapes, invalid UTF-8, a garbage session cookie, a broken form body or JSON are answered
 * below 500, and the process goes on serving.
 */
import http from 'node:http';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { startApiProcess, type ProductProcess } from './support';

let database: TestDatabase;
let api: ProductProcess;

beforeAll(async () => {
  database = await openTestDatabase();
  api = await startApiProcess({ MONGODB_DB: database.db.databaseName });
});

afterAll(async () => {
  if (api && api.child.exitCode === null) {
    api.kill('SIGKILL');
    await api.exited;
  }
  await database?.close();
});

/** Sends a request with the path exactly as given (no URL normalisation) and resolves with the status, or the failure. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<number | string> {
  const { port } = new URL(api.url);
  return new Promise((resolve) => {
    const request = http.request({ host: '127.0.0.1', port: Number(port), path, method: options.method ?? 'GET', headers: options.headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', (error) => resolve(`failed: ${error.message}`));
    request.end(options.body);
  });
}

test('answers requests that used to end the process, and is still serving afterwards', async () => {
  const answers: Record<string, number | string> = {};
  for (const path of ['/healthz?email=%', '/healthz?phone=%E0%A4%A', '/healthz?Email=%zz', '/claims?email=%C0%AF', '/board?ok=%FF%FE', '/track/%E0%A4%A']) {
    answers[path] = await send(path);
  }
  answers['garbage session cookie'] = await send('/board', { headers: { cookie: 'rf_session=%E0%A4%A.%%%; rf_csrf=%zz' } });
  answers['broken form body'] = await send('/board/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: api.url }, body: 'key=%E0%A4%A&_csrf=%' });
  answers['broken JSON'] = await send('/claims', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'rf-dev-support-key' }, body: '{"mac":' });
  expect(Object.entries(answers).filter(([, status]) => !(typeof status === 'number' && status >= 200 && status < 500))).toEqual([]);
  expect(await send('/healthz')).toBe(200);
  expect(api.child.exitCode).toBeNull();
  expect(api.logs().some((line) => (line.req as { url?: string } | undefined)?.url === '/healthz?email=***')).toBe(true);
});
