/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers and the OpenAPI document */
/**
 * Every route × every role (and no key, and a wrong key) → the expected status, on the real product; the public
 * routes' rate limit (429); and the OpenAPI document: structurally valid, and it covers every mounted route.
 */
import { DEV_API_KEYS, type Role } from '../../../client/api/api-keys';
import { createApiServer } from '../../../client/api/server';
import { claimRequest, pageVisitor, startSurfaceApp, type SurfaceApp } from './harness';
import { PassThrough } from 'node:stream';
import Ajv2020 from 'ajv-formats/node_modules/ajv/dist/2020';
import addFormats from 'ajv-formats';

let s: SurfaceApp;
beforeAll(async () => {
  s = await startSurfaceApp();
});
afterAll(async () => s?.stop());

type Caller = Role | 'none' | 'wrong';
const callers: Caller[] = ['support', 'shipping', 'supervisor', 'admin', 'none', 'wrong'];
const NO_CLAIM = 'RC-20260101-NOCLAIM';
const NO_TASK = 'RC-20260101-NOCLAIM--pick-pack-ship';

/** One row: a route, who may use it, and what an allowed caller gets with this request (not 401/403). */
interface Row {
  method: string;
  template: string;
  path: string;
  body?: unknown;
  roles: Role[] | 'everyone';
  allowed: number;
  /** What callers outside `roles` get (default 403; 401 without or with a wrong key). */
  refused?: number;
}

const roleRoutes: Row[] = [
  { method: 'POST', template: '/claims', path: '/claims', body: { ...claimRequest('00:15:65:00:00:01'), mac: 'bad' }, roles: ['support', 'admin'], allowed: 400 },
  { method: 'GET', template: '/claims', path: '/claims?status=shipped', roles: ['support', 'supervisor', 'admin'], allowed: 200 },
  { method: 'GET', template: '/claims/{claimId}', path: `/claims/${NO_CLAIM}`, roles: ['support', 'supervisor', 'admin'], allowed: 404 },
  { method: 'GET', template: '/claims/{claimId}/labels', path: `/claims/${NO_CLAIM}/labels`, roles: ['support', 'shipping', 'admin'], allowed: 404 },
  { method: 'POST', template: '/claims/{claimId}/address', path: `/claims/${NO_CLAIM}/address`, body: { shipTo: claimRequest('x').shipTo }, roles: ['support', 'admin'], allowed: 404 },
  { method: 'POST', template: '/claims/{claimId}/cancel', path: `/claims/${NO_CLAIM}/cancel`, body: { reason: 'test' }, roles: ['support', 'admin'], allowed: 404 },
  { method: 'POST', template: '/claims/{claimId}/emergency-address', path: `/claims/${NO_CLAIM}/emergency-address`, body: { note: 'stays at the office' }, roles: ['support', 'admin'], allowed: 404 },
  { method: 'POST', template: '/claims/{claimId}/decision', path: `/claims/${NO_CLAIM}/decision`, body: { approve: true, reason: 'test', model: 'yealink-t54w' }, roles: ['supervisor', 'admin'], allowed: 404 },
  { method: 'POST', template: '/claims/{claimId}/shipment', path: `/claims/${NO_CLAIM}/shipment`, body: { replacementMac: '001565000002' }, roles: ['shipping', 'admin'], allowed: 404 },
  { method: 'POST', template: '/claims/{claimId}/return-receipt', path: `/claims/${NO_CLAIM}/return-receipt`, body: { receivedMac: '001565000002', condition: 'ok' }, roles: ['shipping', 'admin'], allowed: 404 },
  { method: 'GET', template: '/tasks', path: '/tasks', roles: ['shipping', 'support', 'supervisor', 'admin'], allowed: 200 },
  { method: 'POST', template: '/tasks/{taskId}/take', path: `/tasks/${NO_TASK}/take`, body: {}, roles: ['shipping', 'support', 'supervisor', 'admin'], allowed: 404 },
  { method: 'GET', template: '/devices/{mac}', path: '/devices/0015.6500.0001', roles: ['support', 'supervisor', 'admin'], allowed: 200 },
  { method: 'GET', template: '/devices', path: '/devices?accountId=ACME-1001&extension=2101', roles: ['support', 'supervisor', 'admin'], allowed: 200 },
  { method: 'GET', template: '/reports', path: '/reports', roles: ['support', 'shipping', 'supervisor', 'admin'], allowed: 200 },
  { method: 'GET', template: '/policy', path: '/policy', roles: ['support', 'shipping', 'supervisor', 'admin'], allowed: 200 },
  { method: 'POST', template: '/inventory/units', path: '/inventory/units', body: { unitId: 'U-MATRIX', model: 'no-such-model' }, roles: ['shipping', 'admin'], allowed: 400 },
];
/** Routes not authenticated by an API key: the key (or its absence) changes nothing. */
const otherRoutes: Row[] = [
  { method: 'GET', template: '/track/{token}', path: '/track/AAAAAAAAAAAAAAAAAAAAAAAA', roles: 'everyone', allowed: 404 },
  { method: 'POST', template: '/track/{token}/return-label', path: '/track/AAAAAAAAAAAAAAAAAAAAAAAA/return-label', roles: 'everyone', allowed: 404 },
  { method: 'POST', template: '/webhooks/shippo', path: '/webhooks/shippo', body: { event: 'track_updated' }, roles: 'everyone', allowed: 401 },
  { method: 'POST', template: '/devices/{mac}/online', path: '/devices/001565ABCDEF/online', body: {}, roles: 'everyone', allowed: 401 },
  { method: 'GET', template: '/openapi.json', path: '/openapi.json', roles: 'everyone', allowed: 200 },
  { method: 'GET', template: '/healthz', path: '/healthz', roles: 'everyone', allowed: 200 },
  { method: 'GET', template: '/readyz', path: '/readyz', roles: 'everyone', allowed: 200 },
  { method: 'GET', template: '/metrics', path: '/metrics', roles: 'everyone', allowed: 200 },
  { method: 'GET', template: '/board', path: '/board', roles: 'everyone', allowed: 303 },
  { method: 'GET', template: '/board/login', path: '/board/login', roles: 'everyone', allowed: 200 },
  // Page forms without the page's CSRF token are refused (403) before anything else; the signed-in ones need a session first (401).
  { method: 'POST', template: '/board/login', path: '/board/login', body: 'key=wrong', roles: 'everyone', allowed: 403 },
  { method: 'POST', template: '/board/logout', path: '/board/logout', roles: 'everyone', allowed: 403 },
  { method: 'POST', template: '/board/tasks/{taskId}/take', path: `/board/tasks/${NO_TASK}/take`, body: '', roles: 'everyone', allowed: 401 },
  { method: 'POST', template: '/board/claims/{claimId}/shipment', path: `/board/claims/${NO_CLAIM}/shipment`, body: 'replacementMac=001565000002', roles: 'everyone', allowed: 401 },
  { method: 'POST', template: '/board/claims/{claimId}/return-receipt', path: `/board/claims/${NO_CLAIM}/return-receipt`, body: 'receivedMac=001565000002&condition=ok', roles: 'everyone', allowed: 401 },
  ...consoleRows().map(({ method, template, path, body }) => ({
    method, template, path, ...(body !== undefined ? { body } : {}), roles: 'everyone' as const,
    // Without a session: the pages send to the login form (303), the forms are refused (401); login and logout without the form's CSRF token (403).
    allowed: template === '/console/login' && method === 'GET' ? 200 : template === '/console/login' || template === '/console/logout' ? 403 : method === 'GET' ? 303 : 401,
  })),
];

/** The console's routes with a request each, who may use them with a page session, and what they answer then. */
function consoleRows(): Array<{ method: string; template: string; path: string; body?: string; pageRoles: Role[]; allowed: number }> {
  const readers: Role[] = ['support', 'supervisor'];
  return [
    { method: 'GET', template: '/console/login', path: '/console/login', pageRoles: [], allowed: 200 },
    { method: 'POST', template: '/console/login', path: '/console/login', body: 'key=wrong', pageRoles: [], allowed: 401 },
    { method: 'POST', template: '/console/logout', path: '/console/logout', pageRoles: [], allowed: 303 },
    { method: 'GET', template: '/console', path: '/console', pageRoles: readers, allowed: 200 },
    { method: 'GET', template: '/console/devices', path: '/console/devices?accountId=ACME-1001&extension=2101', pageRoles: readers, allowed: 200 },
    { method: 'GET', template: '/console/devices/{mac}', path: '/console/devices/001565000001', pageRoles: readers, allowed: 200 },
    { method: 'GET', template: '/console/claims/new', path: '/console/claims/new?mac=001565000001', pageRoles: ['support'], allowed: 200 },
    { method: 'POST', template: '/console/claims', path: '/console/claims', body: 'mac=bad', pageRoles: ['support'], allowed: 400 },
    { method: 'GET', template: '/console/claims/{claimId}', path: `/console/claims/${NO_CLAIM}`, pageRoles: readers, allowed: 404 },
    { method: 'POST', template: '/console/claims/{claimId}/cancel', path: `/console/claims/${NO_CLAIM}/cancel`, body: 'reason=test', pageRoles: ['support'], allowed: 404 },
    { method: 'POST', template: '/console/claims/{claimId}/address', path: `/console/claims/${NO_CLAIM}/address`, body: 'shipTo.street1=1 Elm St', pageRoles: ['support'], allowed: 404 },
    { method: 'POST', template: '/console/claims/{claimId}/emergency-address', path: `/console/claims/${NO_CLAIM}/emergency-address`, body: 'note=test', pageRoles: ['support'], allowed: 404 },
    { method: 'POST', template: '/console/claims/{claimId}/decision', path: `/console/claims/${NO_CLAIM}/decision`, body: 'approve=false&reason=test', pageRoles: ['supervisor'], allowed: 404 },
    { method: 'POST', template: '/console/tasks/{taskId}/take', path: `/console/tasks/${NO_TASK}/take`, body: '', pageRoles: readers, allowed: 404 },
    { method: 'GET', template: '/console/queues/support', path: '/console/queues/support', pageRoles: ['support'], allowed: 200 },
    { method: 'GET', template: '/console/queues/supervisor', path: '/console/queues/supervisor', pageRoles: ['supervisor'], allowed: 200 },
    { method: 'GET', template: '/console/reports', path: '/console/reports?days=7', pageRoles: ['supervisor'], allowed: 200 },
    { method: 'GET', template: '/console/reports.csv', path: '/console/reports.csv', pageRoles: ['supervisor'], allowed: 200 },
  ];
}

/** The board's routes with a page session: the shipping department's (and admin's) only. */
const boardSessionRows = [
  { method: 'GET', template: '/board', path: '/board', pageRoles: ['shipping'] as Role[], allowed: 200 },
  { method: 'POST', template: '/board/tasks/{taskId}/take', path: `/board/tasks/${NO_TASK}/take`, body: '', pageRoles: ['shipping'] as Role[], allowed: 404 },
  { method: 'POST', template: '/board/claims/{claimId}/shipment', path: `/board/claims/${NO_CLAIM}/shipment`, body: 'replacementMac=001565000002', pageRoles: ['shipping'] as Role[], allowed: 404 },
  { method: 'POST', template: '/board/claims/{claimId}/return-receipt', path: `/board/claims/${NO_CLAIM}/return-receipt`, body: 'receivedMac=001565000002&condition=ok', pageRoles: ['shipping'] as Role[], allowed: 404 },
];

function expected(row: Row, caller: Caller): number {
  if (row.roles === 'everyone') return row.allowed;
  if (caller === 'none' || caller === 'wrong') return 401;
  return row.roles.includes(caller) ? row.allowed : 403;
}

async function send(row: Row, caller: Caller): Promise<number> {
  const headers: Record<string, string> = caller === 'wrong' ? { 'x-api-key': 'not-a-key' } : {};
  const form = typeof row.body === 'string';
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (/^\/(board|console)/.test(row.template) && row.method === 'POST') headers.origin = s.baseUrl; // as a browser sends it
  const role = caller === 'none' || caller === 'wrong' ? null : caller;
  const result = await s.call(role, row.method, row.path, row.body, headers);
  return result.status;
}

describe('role matrix', () => {
  it('answers every route × caller with the expected status', async () => {
    const actual: string[] = [];
    const wanted: string[] = [];
    for (const row of [...roleRoutes, ...otherRoutes]) {
      for (const caller of callers) {
        wanted.push(`${row.method} ${row.template} as ${caller} → ${expected(row, caller)}`);
        actual.push(`${row.method} ${row.template} as ${caller} → ${await send(row, caller)}`);
      }
    }
    expect(actual).toEqual(wanted);
  });

  it('accepts the key as a bearer token too, and says why a role is refused', async () => {
    const bearer = await s.call(null, 'GET', '/tasks', undefined, { authorization: 'Bearer rf-dev-shipping-key' });
    expect(bearer.status).toBe(200);
    const refused = await s.call('shipping', 'GET', '/devices/001565000001');
    expect(refused.json).toEqual({ error: 'role shipping may not look a device up' });
    const otherQueue = await s.call('support', 'GET', '/tasks?kind=pick-pack-ship');
    expect([otherQueue.status, otherQueue.json.error]).toEqual([403, 'role support does not work pick-pack-ship tasks (it works fix-address, backorder-escalation, provisioning-problem, confirm-emergency-address)']);
    const missing = await s.call(null, 'GET', '/tasks');
    expect(missing.json.error).toMatch(/missing API key/);
  });

  it('answers every page route × every role’s page session with the expected status (a refused role: 403)', async () => {
    const sessionOf = async (role: Role) => {
      const visitor = pageVisitor(s.baseUrl);
      const login = role === 'shipping' ? '/board/login' : '/console/login';
      await visitor.get(login);
      expect([role, (await visitor.post(login, { key: DEV_API_KEYS[role] })).status]).toEqual([role, 303]);
      return visitor;
    };
    const rows = [...consoleRows(), ...boardSessionRows];
    const actual: string[] = [];
    const wanted: string[] = [];
    for (const role of ['support', 'shipping', 'supervisor', 'admin'] as const) {
      for (const row of rows) {
        const visitor = await sessionOf(role); // a fresh session: logout ends one
        await visitor.get(role === 'shipping' ? '/board' : '/console'); // the CSRF token of a page of the session
        const isEntry = row.pageRoles.length === 0;
        const status = isEntry || row.pageRoles.includes(role) || role === 'admin' ? row.allowed : 403;
        wanted.push(`${row.method} ${row.path} as ${role} → ${status}`);
        const answer = row.method === 'GET' ? await visitor.get(row.path) : await visitor.post(row.path, Object.fromEntries(new URLSearchParams(row.body ?? '')));
        actual.push(`${row.method} ${row.path} as ${role} → ${answer.status}`);
      }
    }
    expect(actual).toEqual(wanted);
  });

  it('lets only a shipping (or admin) key log in to the board', async () => {
    const login = async (key: string) => pageVisitor(s.baseUrl).logIn(key);
    expect(await login('rf-dev-shipping-key')).toBe(303);
    expect(await login('rf-dev-admin-key')).toBe(303);
    expect(await login('rf-dev-support-key')).toBe(401);
    const visitor = pageVisitor(s.baseUrl);
    await visitor.get('/board/login');
    const loggedIn = await visitor.post('/board/login', { key: 'rf-dev-shipping-key' });
    const cookie = loggedIn.headers.getSetCookie().find((line) => line.startsWith('rf_session='))!;
    expect(cookie).toMatch(/^rf_session=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]!);
    expect(Math.abs(expires - Date.now() - 12 * 3_600_000)).toBeLessThan(60_000);
    expect(cookie).not.toContain('rf-dev-shipping-key');
    expect((await visitor.get('/board')).status).toBe(200);
    const forged = await s.call(null, 'GET', '/board', undefined, { cookie: visitor.cookies().replace(/rf_session=([^;]+?)...(;|$)/, 'rf_session=$1abc$2') });
    expect(forged.status).toBe(303);
  });

  it('limits the public routes per client (429) but not the keyed ones', async () => {
    const config = { ...s.config, PUBLIC_RATE_LIMIT_PER_MINUTE: 3 };
    const limited = await createApiServer({ config, db: s.db, temporal: s.product.client, taskQueue: s.product.taskQueue, logStream: new PassThrough() });
    const address = await limited.listen({ port: 0, host: '127.0.0.1' });
    const status = async (path: string, init: RequestInit = {}) => (await fetch(`${address}${path}`, init)).status;
    try {
      const track = [];
      for (let i = 0; i < 4; i++) track.push(await status('/track/AAAAAAAAAAAAAAAAAAAAAAAA'));
      expect(track).toEqual([404, 404, 404, 429]);
      const hooks = [];
      for (let i = 0; i < 4; i++) hooks.push(await status('/webhooks/shippo?token=x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
      expect(hooks).toEqual([401, 401, 401, 429]);
      const tooMany = await fetch(`${address}/track/AAAAAAAAAAAAAAAAAAAAAAAA`);
      expect(tooMany.status).toBe(429);
      expect(await tooMany.json()).toEqual({ error: expect.stringMatching(/rate limit/i) });
      const keyed = [];
      for (let i = 0; i < 5; i++) keyed.push(await status('/reports', { headers: { 'x-api-key': 'rf-dev-admin-key' } }));
      expect(keyed).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await limited.close();
    }
  });
});

describe('the OpenAPI document', () => {
  let doc: any;
  beforeAll(async () => {
    doc = (await s.call(null, 'GET', '/openapi.json')).json;
  });

  it('is structurally valid OpenAPI 3.1: operations, path parameters, responses, security, refs, schemas', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv as never);
    const operationIds = new Set<string>();
    const problems: string[] = [];
    const json = JSON.stringify(doc);
    for (const ref of json.match(/"\$ref":"[^"]+"/g) ?? []) {
      const pointer = ref.slice(8, -1).replace(/^#\//, '').split('/');
      if (pointer.reduce((node: any, key) => node?.[key], doc) === undefined) problems.push(`unresolved ${ref}`);
    }
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith('/')) problems.push(`${path}: must start with /`);
      for (const [method, op] of Object.entries<any>(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) problems.push(`${where}: unknown method`);
        if (!op.operationId || operationIds.has(op.operationId)) problems.push(`${where}: operationId missing or duplicated`);
        operationIds.add(op.operationId);
        if (!op.responses || Object.keys(op.responses).length === 0) problems.push(`${where}: no responses`);
        for (const [code, response] of Object.entries<any>(op.responses)) {
          if (!/^[1-5]\d\d$/.test(code) || typeof response.description !== 'string') problems.push(`${where} ${code}: bad response`);
        }
        const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name).sort();
        const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
        if (JSON.stringify(declared) !== JSON.stringify(inTemplate)) problems.push(`${where}: path parameters ${declared} ≠ ${inTemplate}`);
        for (const p of op.parameters ?? []) if (!['path', 'query', 'header', 'cookie'].includes(p.in) || !p.schema) problems.push(`${where}: parameter ${p.name}`);
        for (const requirement of op.security ?? []) {
          for (const scheme of Object.keys(requirement)) if (!doc.components.securitySchemes[scheme]) problems.push(`${where}: unknown security ${scheme}`);
        }
        const schemas = [...Object.values<any>(op.requestBody?.content ?? {}), ...Object.values<any>(op.responses).flatMap((r) => Object.values<any>(r.content ?? {}))];
        for (const media of schemas) {
          try {
            ajv.compile(JSON.parse(JSON.stringify(media.schema).replace(/"#\/components\/schemas\/Error"/g, '"#/$defs/Error"').replace(/^\{/, `{"$defs":{"Error":${JSON.stringify(doc.components.schemas.Error)}},`)));
          } catch (error) {
            problems.push(`${where}: schema does not compile (${(error as Error).message})`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents every route the server mounts, and nothing it does not', () => {
    const mounted = s.api.mountedRoutes()
      .filter((r) => !r.url.startsWith('/docs'))
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`).sort();
    const documented = Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(documented).toEqual(mounted);
    const inMatrix = [...roleRoutes, ...otherRoutes].map((r) => `${r.method} ${r.template}`).sort();
    expect(inMatrix).toEqual(documented);
  });

  it('serves the browsable docs from local assets', async () => {
    const index = await s.call(null, 'GET', '/docs/');
    expect(index.status).toBe(200);
    expect(index.text).toMatch(/swagger/i);
    const bundle = await s.call(null, 'GET', '/docs/static/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(index.text).not.toMatch(/https?:\/\/(unpkg|cdn)/);
  });
});
