/**
 * The provisioning sandbox, for the embedded stack and tests: a phone's provisioning server (serves the directory the
 * directory adapter writes: a boot is `GET /<mac>.cfg`, `GET /cfg<mac>.xml`…), a zero-touch redirect service
 * (`PUT|DELETE|GET /redirect/devices/<mac>`, the MAC → provisioning URL map), and a SIP registrar stand-in that
 * refuses outdated credentials (`POST /sip/register`). When a phone fetches its own file, the sandbox reports it to
 * the product as the provider's provisioning server would: `POST /devices/<mac>/online?token=…`.
 *
 *   PUT  /__admin/faults  { "outage": true }   every other request answers 503 until cleared ({});
 *                         { "redirectLatencyMs": n }   the redirect service answers n ms late (the change is made first).
 *   GET  /__admin/credentials/<user>           the extension's credential version at the registrar.
 */
import { readFile, stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { listenOnLoopback } from '../loopback-server';
import { createRegistrar } from './registrar';

/** The redirect service's token in the embedded stack (the sandbox accepts what it is given; this is npm start's). */
export const SANDBOX_REDIRECT_TOKEN = 'rf-sandbox-redirect-token';

/** Options of `startProvisioningSandbox`. */
export interface ProvisioningSandboxOptions {
  /** The directory served to phones. */
  dir: string;
  /** The directory the registrar reads (`<user>.json`). */
  registrarDir: string;
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Bearer token of the redirect service's write API. */
  redirectToken: string;
  /** Where to report a phone's file fetch; `{mac}` is replaced by the phone's MAC (12 hex digits). */
  onlineReportUrl?: string;
}

/** Fault knobs; `setFaults` replaces the whole set. */
export interface ProvisioningSandboxFaults {
  /** Every request but the admin routes answers 503. */
  outage?: boolean;
  /** The redirect service makes the change, then waits this long before answering. */
  redirectLatencyMs?: number;
}

/** One report of a fetch to the product, and the product's answer. */
export interface OnlineReport {
  mac: string;
  status: number;
}

/** A running sandbox. */
export interface ProvisioningSandbox {
  url: string;
  /** Base URL of the redirect service's API (PROVISIONING_REDIRECT_URL). */
  redirectUrl: string;
  close(): Promise<void>;
  /** Replaces the fault knobs. */
  setFaults(faults: ProvisioningSandboxFaults): void;
  /** Sets (or clears) where fetches are reported. */
  setOnlineReportUrl(url: string | undefined): void;
  /** The reports sent to the product so far. */
  onlineReports(): OnlineReport[];
  /** The redirect service's entries: 12-hex-digit MAC → provisioning server URL. */
  redirects(): Map<string, string>;
}

const SERVED_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** A phone's own file: Yealink/Poly `<mac>.cfg`, Poly `<mac>-registration.cfg`, Grandstream `cfg<mac>.xml`. */
const PHONE_FILE = /^(?:cfg)?([0-9a-f]{12})(?:-registration)?\.(?:cfg|xml)$/;

function send(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the sandbox on 127.0.0.1. */
export async function startProvisioningSandbox(options: ProvisioningSandboxOptions): Promise<ProvisioningSandbox> {
  const registrar = createRegistrar(options.registrarDir);
  const redirects = new Map<string, string>();
  const reports: OnlineReport[] = [];
  let faults: ProvisioningSandboxFaults = {};
  let onlineReportUrl = options.onlineReportUrl;

  function report(mac: string): void {
    if (!onlineReportUrl) return;
    const url = onlineReportUrl.replace('{mac}', mac);
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      .then(async (answer) => { await answer.arrayBuffer(); reports.push({ mac, status: answer.status }); })
      .catch(() => reports.push({ mac, status: 0 }));
  }

  async function serveFile(name: string, response: http.ServerResponse): Promise<void> {
    const file = path.join(options.dir, name);
    const found = SERVED_FILE.test(name) ? await stat(file).catch(() => undefined) : undefined;
    if (!found?.isFile()) return send(response, 404, { error: `no file ${name}` });
    const content = await readFile(file);
    response.writeHead(200, { 'content-type': name.endsWith('.xml') ? 'application/xml' : 'text/plain; charset=utf-8' });
    response.end(content);
    const phone = PHONE_FILE.exec(name);
    if (phone) report(phone[1]!);
  }

  async function redirectRoute(method: string, mac: string, request: http.IncomingMessage, response: http.ServerResponse, latencyMs: number): Promise<void> {
    if (!/^[0-9a-f]{12}$/.test(mac)) return send(response, 400, { error: 'mac: must be 12 lower-case hex digits' });
    if (method === 'GET') {
      const serverUrl = redirects.get(mac);
      return serverUrl ? send(response, 200, { mac, serverUrl }) : send(response, 404, { error: `no redirect entry for ${mac}` });
    }
    if (request.headers.authorization !== `Bearer ${options.redirectToken}`) return send(response, 401, { error: 'authorization: missing or wrong token' });
    const late = () => new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (method === 'DELETE') {
      const removed = redirects.delete(mac);
      await late();
      return removed ? send(response, 200, { mac, removed }) : send(response, 404, { error: `no redirect entry for ${mac}` });
    }
    const body = await readJson(request);
    const serverUrl = body?.serverUrl;
    if (typeof serverUrl !== 'string' || !URL.canParse(serverUrl)) return send(response, 400, { error: 'serverUrl: required, must be a URL' });
    redirects.set(mac, serverUrl);
    await late();
    return send(response, 200, { mac, serverUrl });
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const method = request.method ?? 'GET';
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === '__admin') {
      if (parts[1] === 'faults' && method === 'PUT') {
        const body = await readJson(request);
        faults = { outage: body?.outage === true, ...(typeof body?.redirectLatencyMs === 'number' ? { redirectLatencyMs: body.redirectLatencyMs } : {}) };
        return send(response, 200, faults);
      }
      if (parts[1] === 'credentials' && parts[2] && method === 'GET') return send(response, 200, { credentialVersion: (await registrar.credentialVersion(parts[2])) ?? null });
      return send(response, 404, { error: `no admin route ${method} ${url.pathname}` });
    }
    if (faults.outage) return send(response, 503, { error: 'provisioning service unavailable (sandbox outage)' });
    if (parts[0] === 'redirect' && parts[1] === 'devices' && parts.length === 3 && ['GET', 'PUT', 'DELETE'].includes(method)) {
      return redirectRoute(method, parts[2]!, request, response, faults.redirectLatencyMs ?? 0);
    }
    if (method === 'POST' && url.pathname === '/sip/register') {
      const body = await readJson(request);
      if (typeof body?.username !== 'string' || typeof body.password !== 'string') return send(response, 400, { error: 'username and password: required strings' });
      const attempt = await registrar.register(body.username, body.password);
      return send(response, attempt.accepted ? 200 : 403, attempt);
    }
    if (method === 'GET' && parts.length === 1) return serveFile(parts[0]!, response);
    return send(response, 404, { error: `no route ${method} ${url.pathname}` });
  }

  const server = await listenOnLoopback(handle, { ...(options.port ? { port: options.port } : {}), errorBody: (error) => ({ error }) });
  const { url } = server;
  return {
    url,
    redirectUrl: `${url}/redirect`,
    close: () => server.close(),
    setFaults(next) {
      faults = { ...next };
    },
    setOnlineReportUrl(next) {
      onlineReportUrl = next;
    },
    onlineReports: () => [...reports],
    redirects: () => new Map(redirects),
  };
}
