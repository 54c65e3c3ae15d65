/** The OpenAPI generator on a small route table: paths, parameters, bodies, the access-dependent error responses. */
import { z } from 'zod';
import { openApiDocument, openApiPath } from '../../../client/api/openapi';
import { defineRoute } from '../../../client/api/route';

const routes = [
  defineRoute({
    method: 'POST', url: '/things/:thingId/poke', operationId: 'poke', summary: 'Poke a thing', tag: 't', access: { roles: ['shipping'] },
    params: z.object({ thingId: z.string().min(3) }), query: z.object({ hard: z.coerce.boolean().optional() }),
    body: z.object({ reason: z.string().min(1) }),
    responses: { 200: { description: 'Poked', schema: z.object({ ok: z.boolean() }) } },
    handler: async () => ({ ok: true }),
  }),
  defineRoute({
    method: 'GET', url: '/open', operationId: 'open', summary: 'Open', tag: 't', access: 'public',
    responses: { 200: { description: 'Fine' } }, handler: async () => ({}),
  }),
];

describe('openApiDocument', () => {
  const doc = openApiDocument(routes, 'http://127.0.0.1:8080', [
    { method: 'GET', path: '/healthz', operationId: 'healthz', summary: 'Alive', tag: 'ops', responses: { 200: { description: 'ok' } } },
  ]) as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- walking the generated JSON

  it('turns Fastify paths into OpenAPI templates', () => {
    expect(openApiPath('/a/:b/c/:d')).toBe('/a/{b}/c/{d}');
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/open', '/things/{thingId}/poke']);
  });

  it('documents path and query parameters, the JSON body and the response schema', () => {
    const op = doc.paths['/things/{thingId}/poke'].post;
    expect(op.parameters).toEqual([
      { name: 'thingId', in: 'path', required: true, schema: { type: 'string', minLength: 3 } },
      { name: 'hard', in: 'query', required: false, schema: { type: 'boolean' } },
    ]);
    expect(op.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['reason'] });
    expect(op.responses['200'].content['application/json'].schema).toMatchObject({ properties: { ok: { type: 'boolean' } } });
  });

  it('adds the error responses each access implies, with the shared Error schema', () => {
    const keyed = doc.paths['/things/{thingId}/poke'].post;
    expect(Object.keys(keyed.responses).sort()).toEqual(['200', '400', '401', '403', '413']);
    expect(keyed.responses['403'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(keyed.security).toEqual([{ apiKey: [] }, { bearerKey: [] }]);
    expect(keyed.description).toContain('Roles: shipping (and admin)');
    const open = doc.paths['/open'].get;
    expect(Object.keys(open.responses).sort()).toEqual(['200', '429']);
    expect(open.security).toEqual([]);
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error'] });
  });
});
