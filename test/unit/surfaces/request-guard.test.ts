/** The API's HTTP server (client/api/request-guard.ts): a synchronous throw while routing a request is answered, not fatal. */
import type { AddressInfo } from 'node:net';
import { guardedServerFactory } from '../../../client/api/request-guard';

it('answers a request whose handler throws synchronously with a logged 500, and serves the next one', async () => {
  const logged: string[] = [];
  const server = guardedServerFactory((fields, message) => logged.push(`${message}: ${String(fields.error)}`))((request, response) => {
    if (request.url === '/throw') throw new URIError('URI malformed');
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const thrown = await fetch(`${base}/throw`);
    expect({ status: thrown.status, body: await thrown.text() }).toEqual({ status: 500, body: '{"error":"internal error; it was logged"}' });
    expect(await (await fetch(`${base}/next`)).text()).toBe('ok');
    expect(logged).toEqual(['request handling threw; answered 500: URI malformed']);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
