/**
 * The raw HTTP probe of the fuzz run: what schemathesis never sends, written byte for byte on a socket to every path of
 * the OpenAPI document — malformed percent-escapes and invalid UTF-8 in the path and the query, overlong URLs and
 * headers, unknown methods, path traversal, broken bodies and cookies. Every request must get an answer below 500
 * (or a refusal by Node's HTTP parser, which closes the connection), and the server must still be serving afterwards.
 */
import net from 'node:net';

/** What the probe saw. */
export interface RawProbeResult {
  requests: number;
  /** Answers by status class (`2xx`…`5xx`), plus `closed` for connections the HTTP parser refused without an answer. */
  byClass: Record<string, number>;
  /** Every 5xx answer and every request that got no answer at all: `method target → outcome`. */
  failures: string[];
  /** `/healthz` answered 200 after the probe. */
  servingAfterwards: boolean;
}

/** One raw request: the request line's method and target, extra header lines, and a body. */
interface RawRequest {
  method: string;
  target: Buffer | string;
  headers?: string[];
  body?: Buffer | string;
}

const BAD_ESCAPES = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF%FE', '%ED%A0%80', '%00', '%%%'];
const TRAVERSALS = ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/%252e%252e/etc/passwd', '/..;/..;/etc/passwd', '/.%00./etc/passwd'];
const UNKNOWN_METHODS = ['PROPFIND', 'FOO', 'M-SEARCH', 'TRACE', 'CONNECT', 'BREW'];

/** The probe's requests for one templated path (`/claims/{claimId}`) and its documented methods. */
function requestsFor(template: string, methods: string[], origin: string): RawRequest[] {
  const filled = template.replace(/\{[^}]+\}/g, 'RC-20260101-PROBE');
  const list: RawRequest[] = [];
  for (const method of methods) {
    for (const escape of BAD_ESCAPES) {
      list.push({ method, target: template.replace(/\{[^}]+\}/g, escape) });
      list.push({ method, target: `${filled}?email=${escape}&phone=${escape}&token=${escape}&${escape}=1` });
    }
    list.push({ method, target: Buffer.concat([Buffer.from(`${filled}?q=`), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('&ok=\xa0')]) });
    list.push({ method, target: Buffer.concat([Buffer.from(filled), Buffer.from([0xc0, 0xaf, 0x80])]) });
    list.push({ method, target: `${filled}?${'a'.repeat(70_000)}` });
    list.push({ method, target: filled, headers: [`x-long: ${'b'.repeat(70_000)}`] });
    list.push({ method, target: filled, headers: Array.from({ length: 3_000 }, (_, i) => `x-h${i}: ${i}`) });
    list.push({ method, target: filled, headers: ['cookie: rf_session=%E0%A4%A.%%%; rf_csrf=%zz; =; ;;', `origin: ${origin}`] });
    for (const traversal of TRAVERSALS) list.push({ method, target: `${template.replace(/\{[^}]+\}.*$/, '')}${traversal}` });
    if (method === 'POST') {
      const bodies: Array<[string, Buffer | string]> = [
        ['application/json', '{"a":'], ['application/json', `${'['.repeat(5_000)}${']'.repeat(5_000)}`], ['application/json', '{"__proto__":{"x":1}}'],
        ['application/json', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])], ['application/json', '"\\ud800"'],
        ['application/x-www-form-urlencoded', 'key=%E0%A4%A&_csrf=%&%=%'], ['application/x-www-form-urlencoded', 'a[b][c][d]=1&a[__proto__]=2'],
        ['text/plain', 'hello'], ['multipart/form-data; boundary=x', '--x\r\nbroken'],
      ];
      for (const [type, body] of bodies) list.push({ method, target: filled, headers: [`content-type: ${type}`, `origin: ${origin}`], body });
      list.push({ method, target: filled, headers: ['content-type: application/json', 'content-length: 99999999'], body: '{}' });
      list.push({ method, target: filled, headers: ['content-type: application/json', 'transfer-encoding: chunked'], body: 'zz\r\n{}\r\n0\r\n\r\n' });
    }
  }
  for (const method of UNKNOWN_METHODS) list.push({ method, target: filled });
  return list;
}

/** Writes one request and resolves with the answer's status line code, or `closed` when the server closed without one. */
function send(port: number, request: RawRequest, timeoutMs: number): Promise<number | 'closed' | 'timeout'> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const done = (outcome: number | 'closed' | 'timeout') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received.toString('latin1'));
      if (match) done(Number(match[1]));
    });
    socket.on('error', () => done('closed'));
    socket.on('close', () => done('closed'));
    socket.on('connect', () => {
      const bytes = (value: Buffer | string) => (typeof value === 'string' ? Buffer.from(value, 'latin1') : value);
      const body = request.body === undefined ? Buffer.alloc(0) : bytes(request.body);
      const hasLength = (request.headers ?? []).some((line) => /^(content-length|transfer-encoding):/i.test(line));
      const head = [
        `${request.method} `, request.target, ' HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n',
        ...(request.headers ?? []).map((line) => `${line}\r\n`),
        ...(request.body !== undefined && !hasLength ? [`content-length: ${body.length}\r\n`] : []), '\r\n',
      ];
      socket.write(Buffer.concat([...head.map(bytes), body]));
    });
  });
}

/** Probes every path of `document` (an OpenAPI document) on the server at `baseUrl`. */
export async function runRawProbe(baseUrl: string, document: { paths: Record<string, Record<string, unknown>> }, timeoutMs = 15_000): Promise<RawProbeResult> {
  const { port, origin } = new URL(baseUrl);
  const result: RawProbeResult = { requests: 0, byClass: {}, failures: [], servingAfterwards: false };
  const describe = (request: RawRequest) => `${request.method} ${String(request.target).slice(0, 80)}`;
  for (const [template, item] of Object.entries(document.paths)) {
    for (const request of requestsFor(template, Object.keys(item).map((m) => m.toUpperCase()), origin)) {
      const outcome = await send(Number(port), request, timeoutMs);
      result.requests += 1;
      const bucket = typeof outcome === 'number' ? `${String(outcome)[0]}xx` : outcome;
      result.byClass[bucket] = (result.byClass[bucket] ?? 0) + 1;
      if (outcome === 'timeout' || (typeof outcome === 'number' && outcome >= 500)) result.failures.push(`${describe(request)} → ${outcome}`);
    }
  }
  const health = await send(Number(port), { method: 'GET', target: '/healthz' }, timeoutMs);
  result.servingAfterwards = health === 200;
  return result;
}
