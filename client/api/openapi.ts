/** The OpenAPI 3.1 document, generated from the route table's zod schemas (`z.toJSONSchema`, JSON Schema 2020-12). */
import { z } from 'zod';
import { accessResponses, type RouteSpec } from './route';

type Json = Record<string, unknown>;

const errorSchema = z.object({
  error: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
}

/** `/claims/:claimId` → `/claims/{claimId}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(route: RouteSpec): Json[] {
  const list: Json[] = [];
  for (const [where, schema] of [['path', route.params], ['query', route.query]] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, property] of Object.entries(object.properties ?? {})) {
      const { description, ...propertySchema } = property;
      list.push({ name, in: where, required: where === 'path' || (object.required ?? []).includes(name), schema: propertySchema, ...(description ? { description } : {}) });
    }
  }
  return list;
}

function security(route: RouteSpec): Json[] | undefined {
  const form = route.method === 'POST' ? { csrfToken: [], csrfSecret: [] } : {};
  if (route.access === 'public') return [];
  if (route.access === 'webhook') return [{ webhookToken: [] }];
  if (route.access === 'page') return route.method === 'POST' ? [form] : [];
  if ('pageRoles' in route.access) return [{ pageSession: [], ...form }];
  return [{ apiKey: [] }, { bearerKey: [] }];
}

function operation(route: RouteSpec): Json {
  const responses: Json = {};
  for (const [code, spec] of Object.entries(route.responses)) {
    const type = spec.contentType ?? 'application/json';
    responses[code] = {
      description: spec.description,
      ...(spec.schema ? { content: { [type]: { schema: jsonSchema(spec.schema, 'output') } } } : {}),
      ...(spec.links ? { links: spec.links } : {}),
    };
  }
  const errorContent = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  if (route.body || route.params || route.query) responses['400'] ??= { description: 'Invalid input (one entry per bad field)', ...errorContent };
  if (route.body) responses['413'] ??= { description: 'Body too large', ...errorContent };
  for (const [code, description] of Object.entries(accessResponses(route.access))) responses[code] ??= { description, ...errorContent };
  const admitted = typeof route.access === 'object' ? ('roles' in route.access ? route.access.roles : route.access.pageRoles) : null;
  const roles = admitted ? ` Roles: ${admitted.join(', ')} (and admin).` : '';
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.summary}.${roles}`,
    tags: [route.tag],
    parameters: parameters(route),
    ...(route.body ? {
      requestBody: {
        required: true,
        content: Object.fromEntries((route.bodyTypes ?? ['application/json']).map((type) => [type, { schema: jsonSchema(route.body!, 'input') }])),
      },
    } : {}),
    responses,
    security: security(route),
  };
}

/** A route mounted outside the route table (e.g. the ops plugin), documented by hand. */
export interface DocumentedRoute {
  method: 'GET' | 'POST';
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  responses: Record<number, { description: string; contentType?: string }>;
}

/** The names of the page-session cookies (page-session.ts), documented as security schemes. */
export interface PageCookieNames {
  session: string;
  csrfSecret: string;
}

/** The OpenAPI document of `routes` (and of `others`, mounted elsewhere). */
export function openApiDocument(
  routes: readonly RouteSpec[], serverUrl: string, others: readonly DocumentedRoute[] = [],
  pageCookies: PageCookieNames = { session: 'rf_session', csrfSecret: 'rf_csrf' },
): Json {
  const paths: Record<string, Json> = {};
  for (const other of others) {
    const responses = Object.fromEntries(Object.entries(other.responses).map(([code, r]) => [code, {
      description: r.description, content: { [r.contentType ?? 'application/json']: { schema: r.contentType?.startsWith('text/') ? { type: 'string' } : { type: 'object' } } },
    }]));
    paths[other.path] = { ...(paths[other.path] ?? {}), [other.method.toLowerCase()]: {
      operationId: other.operationId, summary: other.summary, description: `${other.summary}.`, tags: [other.tag], parameters: [], responses, security: [],
    } };
  }
  for (const route of routes) {
    const path = openApiPath(route.url);
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'replacement-fulfilment API',
      version: '0.1.0',
      description: 'Warranty replacements of defective VoIP devices: support, supervisors, the shipping department and customers. '
        + 'Send the API key as `X-Api-Key: <key>` or `Authorization: Bearer <key>`. Errors are `{ error, fields? }`.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        bearerKey: { type: 'http', scheme: 'bearer' },
        webhookToken: { type: 'apiKey', in: 'query', name: 'token' },
        pageSession: { type: 'apiKey', in: 'cookie', name: pageCookies.session, description: 'The page session, set by a page login (e.g. `POST /board/login`)' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'The CSRF token of the page’s forms (also accepted as the `_csrf` form field)' },
        csrfSecret: { type: 'apiKey', in: 'cookie', name: pageCookies.csrfSecret, description: 'The signed CSRF secret cookie the token belongs to' },
      },
    },
  };
}
