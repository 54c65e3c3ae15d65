/** A Shippo-compatible HTTP server for tests and the embedded stack: real status codes, shapes, faults and webhooks. */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serveLabelPdf } from './label-pdf';
import { ADMIN_PREFIX, adminRoute } from './admin';
import type { Wire } from './objects';
import { route, SandboxState } from './routes';
import type { SandboxTrackingStatus } from './tracking';

/** The token the sandbox accepts unless told otherwise (send it as the SDK's `apiKeyHeader`). */
export const SANDBOX_API_TOKEN = 'shippo_test_sandbox';

/** Fault knobs; counters are consumed one request at a time. `setFaults` replaces the whole set. */
export interface SandboxFaults {
  /** The next N requests answer 429 with `Retry-After`. */
  rate429?: number;
  /** `Retry-After` seconds sent with a 429 (default 1). */
  retryAfterSeconds?: number;
  /** The next N requests answer 500. */
  rate500?: number;
  /** Every request waits this long before it is handled (the work still happens if the client gave up). */
  latencyMs?: number;
  /** The next N label purchases are committed, then the connection is dropped without a response. */
  dropAfterCommit?: number;
  /** Limit rate429, rate500, latency and chance to paths starting with this (e.g. `/transactions`). */
  onlyPath?: string;
  /** Random faults, each a fraction 0–1 of requests drawn independently of the counters (fault-injection suite). */
  chance?: SandboxFaultChances;
  /** The API token is refused (401, as for a revoked or wrong token) until cleared. */
  tokenRevoked?: boolean;
}

/** Probabilities of random faults; one draw per request decides which (if any) applies. */
export interface SandboxFaultChances {
  /** Answer 429 with `Retry-After`. */
  rate429?: number;
  /** Answer 500. */
  rate500?: number;
  /** Handle the request (a purchase is committed), then drop the connection without a response. */
  dropAfterCommit?: number;
}

/** One webhook the sandbox POSTed to the app. */
export interface WebhookDelivery {
  trackingNumber: string;
  status: SandboxTrackingStatus;
  body: string;
  responseStatus: number;
}

/** Options of `startShippoSandbox`. */
export interface ShippoSandboxOptions {
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Where to POST `track_updated` webhooks, including the `?token=` secret. */
  webhookUrl?: string;
  /** The API token clients must present (default `SANDBOX_API_TOKEN`). */
  apiToken?: string;
  /** Serve the admin route (`sandbox/shippo/admin.ts`: fault knobs, carrier scans); the embedded stack turns it on. */
  admin?: boolean;
}

/** A running sandbox. */
export interface ShippoSandbox {
  url: string;
  close(): Promise<void>;
  /** Labels bought successfully (one per purchase, refunded or not): the count that must never exceed one per leg. */
  labels(): Wire[];
  /** Refunds requested. */
  refunds(): Wire[];
  /** Replaces the fault knobs. */
  setFaults(faults: SandboxFaults): void;
  /** Sets (or clears) the webhook URL. */
  setWebhookUrl(url: string | undefined): void;
  /** Appends statuses to a number's timeline in order, POSTing one `track_updated` webhook after each. */
  playTracking(trackingNumber: string, statuses: SandboxTrackingStatus[]): Promise<WebhookDelivery[]>;
  /** Every webhook POSTed so far. */
  webhooks(): WebhookDelivery[];
}

function send(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function drawFault(chances: SandboxFaultChances): keyof SandboxFaultChances | undefined {
  let roll = Math.random();
  for (const kind of ['rate429', 'rate500', 'dropAfterCommit'] as const) {
    roll -= chances[kind] ?? 0;
    if (roll < 0) return kind;
  }
  return undefined;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts the sandbox on 127.0.0.1. */
export async function startShippoSandbox(options: ShippoSandboxOptions = {}): Promise<ShippoSandbox> {
  const state = new SandboxState();
  const token = options.apiToken ?? SANDBOX_API_TOKEN;
  const deliveries: WebhookDelivery[] = [];
  const sockets = new Set<Socket>();
  let faults: SandboxFaults = {};
  let webhookUrl = options.webhookUrl;
  let closed = false;

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    if (serveLabelPdf(state, method, path, response)) return;
    if (options.admin && path.startsWith(ADMIN_PREFIX)) {
      let body: unknown;
      try {
        body = raw.length > 0 ? JSON.parse(raw) : undefined;
      } catch (error) {
        return send(response, 400, { detail: `JSON parse error - ${(error as Error).message}` });
      }
      const result = await adminRoute({ faults: () => ({ ...faults }), setFaults: (next) => (faults = { ...next }), playTracking: sandbox.playTracking }, method, path, body);
      return send(response, result.status, result.body);
    }
    const authorization = request.headers.authorization;
    if (!authorization) return send(response, 401, { detail: 'Authentication credentials were not provided.' });
    if (authorization !== `ShippoToken ${token}` || faults.tokenRevoked) return send(response, 401, { detail: 'Invalid token.' });
    const faulted = !faults.onlyPath || path.startsWith(faults.onlyPath);
    if (faulted && faults.latencyMs) await wait(faults.latencyMs);
    if (closed) return;
    const drawn = faulted && faults.chance ? drawFault(faults.chance) : undefined;
    if (drawn === 'rate429') {
      const seconds = faults.retryAfterSeconds ?? 1;
      return send(response, 429, { detail: `Request was throttled. Expected available in ${seconds} seconds.` }, { 'retry-after': String(seconds) });
    }
    if (drawn === 'rate500') return send(response, 500, { detail: 'A server error occurred.' });
    if (faulted && (faults.rate429 ?? 0) > 0) {
      faults.rate429 = (faults.rate429 ?? 0) - 1;
      const seconds = faults.retryAfterSeconds ?? 1;
      return send(response, 429, { detail: `Request was throttled. Expected available in ${seconds} seconds.` }, { 'retry-after': String(seconds) });
    }
    if (faulted && (faults.rate500 ?? 0) > 0) {
      faults.rate500 = (faults.rate500 ?? 0) - 1;
      return send(response, 500, { detail: 'A server error occurred.' });
    }
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch (error) {
        return send(response, 400, { detail: `JSON parse error - ${(error as Error).message}` });
      }
    }
    const result = route(state, method, path.split('/').filter(Boolean), url.searchParams, body);
    if (drawn === 'dropAfterCommit') {
      request.socket.destroy();
      return;
    }
    if (result.committedPurchase && (faults.dropAfterCommit ?? 0) > 0) {
      faults.dropAfterCommit = (faults.dropAfterCommit ?? 0) - 1;
      request.socket.destroy();
      return;
    }
    send(response, result.status, result.body);
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { detail: `sandbox error: ${(error as Error).message}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;

  async function deliver(trackingNumber: string, status: SandboxTrackingStatus): Promise<WebhookDelivery> {
    const timeline = state.tracking.append(trackingNumber, status);
    const body = JSON.stringify({ event: 'track_updated', test: true, data: state.tracking.render(timeline) });
    let responseStatus = 0;
    if (webhookUrl) {
      const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      responseStatus = response.status;
      await response.arrayBuffer();
    }
    const delivery = { trackingNumber, status, body, responseStatus };
    deliveries.push(delivery);
    return delivery;
  }

  const sandbox: ShippoSandbox = {
    url: `http://127.0.0.1:${port}`,
    async close() {
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    labels: () => state.transactions.filter((transaction) => transaction.status !== 'ERROR'),
    refunds: () => [...state.refunds],
    setFaults(next) {
      faults = { ...next };
    },
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    async playTracking(trackingNumber, statuses) {
      const played: WebhookDelivery[] = [];
      for (const status of statuses) played.push(await deliver(trackingNumber, status));
      return played;
    },
    webhooks: () => [...deliveries],
  };
  return sandbox;
}
