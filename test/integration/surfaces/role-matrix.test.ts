/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers and the OpenAPI document */
/**
 * Every route × every role (and no key, and a wrong key) → the expected status, on the real product; the public
 * routes' rate limit (429); and the OpenAPI document: structurally valid, and it covers every mounted route.
 */
import type { Role } from '../../../client/api/api-keys';
import { createApiServer } from '../../../client/api/server';
import { claimRequest, startSurfaceApp, type SurfaceApp } from './harness';
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
  { method: 'POST', template: '/claims/{claimId}/decision', path: `/claims/${NO_CLAIM}/decision`, body: { approve: true, reason: 'test', model: 'yealink-t54w' }, roles: ['supervisor', 'admin'], allowed: 404 },
  { method: 'POST', template: '/claims/{claimId}/shipment', path: `/claims/${NO_CLAIM}/shipment`, body: { replacementMac: '001565000002' }, roles: ['shipping', 'admin'], allowed: 404 },
  { method: 'POST', template: '/claims/{claimId}/return-receipt', path: `/claims/${NO_CLAIM}/return-receipt`, body: { receivedMac: '001565000002', condition: 'ok' }, roles: ['shipping', 'admin'], allowed: 404 },
  { method: 'GET', template: '/tasks', path: '/tasks', roles: ['shipping', 'admin'], allowed: 200 },
  { method: 'POST', template: '/tasks/{taskId}/take', path: `/tasks/${NO_TASK}/take`, body: {}, roles: ['shipping', 'admin'], allowed: 404 },
  { method: 'GET', template: '/reports', path: '/reports', roles: ['support', 'shipping', 'supervisor', 'admin'], allowed: 200 },
  { method: 'GET', template: '/policy', path: '/policy', roles: ['support', 'shipping', 'supervisor', 'admin'], allowed: 200 },
  { method: 'POST', template: '/inventory/units', path: '/inventory/units', body: { unitId: 'U-MATRIX', model: 'no-such-model' }, roles: ['shipping', 'admin'], allowed: 400 },
];
/** Routes not authenticated by an API key: the key (or its absence) changes nothing. */
const otherRoutes: Row[] = [
  { method: 'GET', template: '/track/{token}', path: '/track/AAAAAAAAAAAAAAAAAAAAAAAA', roles: 'everyone', allowed: 404 },
  { method: 'POST', template: '/track/{token}/return-label', path: '/track/AAAAAAAAAAAAAAAAAAAAAAAA/return-label', roles: 'everyone', allowed: 404 },
  { method: 'POST', template: '/webhooks/shippo', path: '/webhooks/shippo', body: { event: 'track_updated' }, roles: 'everyone', allowed: 401 },
  { method: 'GET', template: '/openapi.json', path: '/openapi.json', roles: 'everyone', allowed: 200 },
  { method: 'GET', template: '/healthz', path: '/healthz', roles: 'everyone', allowed: 200 },
  { method: 'GET', template: '/readyz', path: '/readyz', roles: 'everyone', allowed: 200 },
  { method: 'GET', template: '/metrics', path: '/metrics', roles: 'everyone', allowed: 200 },
  { method: 'GET', template: '/board', path: '/board', roles: 'everyone', allowed: 303 },
  { method: 'GET', template: '/board/login', path: '/board/login', roles: 'everyone', allowed: 200 },
  { method: 'POST', template: '/board/login', path: '/board/login', body: 'key=wrong', roles: 'everyone', allowed: 401 },
  { method: 'POST', template: '/board/logout', path: '/board/logout', roles: 'everyone', allowed: 303 },
  { method: 'POST', template: '/board/tasks/{taskId}/take', path: `/board/tasks/${NO_TASK}/take`, body: '', roles: 'everyone', allowed: 401 },
  { method: 'POST', template: '/board/claims/{claimId}/shipment', path: `/board/claims/${NO_CLAIM}/shipment`, body: 'replacementMac=001565000002', roles: 'everyone', allowed: 401 },
  { method: 'POST', template: '/board/claims/{claimId}/return-receipt', path: `/board/claims/${NO_CLAIM}/return-receipt`, body: 'receivedMac=001565000002&condition=ok', roles: 'everyone', allowed: 401 },
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
    const refused = await s.call('support', 'GET', '/tasks');
    expect(refused.json).toEqual({ error: 'role support may not list tasks' });
    const missing = await s.call(null, 'GET', '/tasks');
    expect(missing.json.error).toMatch(/missing API key/);
  });

  it('lets only a shipping (or admin) key log in to the board', async () => {
    const login = (key: string) => s.call(null, 'POST', '/board/login', `key=${key}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect((await login('rf-dev-shipping-key')).status).toBe(303);
    expect((await login('rf-dev-admin-key')).status).toBe(303);
    expect((await login('rf-dev-support-key')).status).toBe(401);
    const cookie = (await login('rf-dev-shipping-key')).headers.get('set-cookie')!;
    expect(cookie).toMatch(/^rf_board=.+; Path=\/board; HttpOnly; SameSite=Strict/);
    expect(cookie).not.toContain('rf-dev-shipping-key');
    const board = await s.call(null, 'GET', '/board', undefined, { cookie: cookie.split(';')[0]! });
    expect(board.status).toBe(200);
    const forged = await s.call(null, 'GET', '/board', undefined, { cookie: `${cookie.split(';')[0]!.slice(0, -3)}abc` });
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
