/**
 * Browsable API docs at `/docs`: Swagger UI from the assets shipped in the installed `@fastify/swagger-ui` package,
 * served from disk (no internet, no CDN), pointed at `/openapi.json`. Served directly rather than through the
 * plugin, whose `@fastify/static` pulls an ESM-only dependency that CommonJS test runners cannot load.
 */
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>replacement-fulfilment API</title>
<link rel="stylesheet" href="/docs/static/swagger-ui.css"><link rel="stylesheet" href="/docs/static/index.css">
<link rel="icon" type="image/png" href="/docs/static/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div><script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/swagger-ui-standalone-preset.js"></script><script src="/docs/static/init.js"></script></body></html>`;

const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });`;

/** Mounts `GET /docs` and `GET /docs/static/:file`. */
export function registerDocs(app: FastifyInstance): void {
  const dir = path.join(path.dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');
  const cache = new Map<string, Buffer>();
  const csp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'";
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', csp).send(page));
  app.get('/docs/', async (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', csp).send(page));
  app.get<{ Params: { file: string } }>('/docs/static/:file', async (request, reply) => {
    const { file } = request.params;
    if (file === 'init.js') return reply.type('application/javascript; charset=utf-8').send(init);
    const type = ASSETS[file];
    if (!type) return reply.code(404).send({ error: `no docs asset ${file}` });
    if (!cache.has(file)) cache.set(file, fs.readFileSync(path.join(dir, file)));
    return reply.type(type).header('cache-control', 'public, max-age=3600').send(cache.get(file));
  });
}
