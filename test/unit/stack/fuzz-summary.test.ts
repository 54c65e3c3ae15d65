/** The fuzz run's reading of schemathesis' HAR reports: operations, requests, 5xx, and what never got past authentication. */
import { schemathesisConfig, summariseHar } from '../../../scripts/lib/schemathesis-run';

const document = {
  paths: {
    '/claims/{claimId}': { get: { security: [{ apiKey: [] }] } },
    '/board': { get: { security: [{ pageSession: [] }] } },
    '/board/logout': { post: { security: [{ csrfToken: [], csrfSecret: [] }] } },
    '/openapi.json': { get: { security: [] } },
  },
};
const entry = (method: string, url: string, status: number, location?: string) => ({
  request: { method, url: `http://127.0.0.1:1${url}` },
  response: { status, headers: location ? [{ name: 'Location', value: location }] : [] },
});
const har = (...entries: unknown[]) => JSON.stringify({ log: { entries } });

describe('summariseHar', () => {
  it('counts operations, requests and 5xx across runs, matching templated paths', () => {
    const summary = summariseHar([
      har(entry('GET', '/claims/RC-1', 404), entry('GET', '/claims/%E2%82', 400), entry('GET', '/board', 200)),
      har(entry('POST', '/board/logout', 303, '/board/login'), entry('GET', '/claims/x', 500)),
    ], document, ['GET /openapi.json']);
    expect(summary).toEqual({ documented: 4, operations: 4, cases: 5, serverErrors: 1, notPastAuthentication: [] });
  });

  it('names the operations answered only by refusals: 401, 403, or a page redirecting to its login form', () => {
    const summary = summariseHar([
      har(entry('GET', '/claims/RC-1', 401), entry('GET', '/claims/RC-2', 403), entry('GET', '/board', 303, '/board/login'), entry('POST', '/board/logout', 303, '/board/login')),
    ], document);
    expect(summary.notPastAuthentication).toEqual(['GET /claims/{claimId}', 'GET /board', 'GET /openapi.json']);
    expect(summary.operations).toBe(3);
  });
});

describe('schemathesisConfig', () => {
  it('gives every security scheme its credential and checks only for server errors', () => {
    const toml = schemathesisConfig({ origin: 'http://127.0.0.1:1', adminKey: 'k', webhookToken: 'w', sessionCookie: 's', csrfCookie: 'c', csrfToken: 't', examples: 3 });
    for (const scheme of ['apiKey', 'bearerKey', 'webhookToken', 'pageSession', 'csrfSecret', 'csrfToken']) expect(toml).toContain(`[auth.openapi.${scheme}]`);
    expect(toml).toContain('max-examples = 3');
    expect(toml).toContain('not_a_server_error.enabled = true');
    expect(toml).toContain('headers = { Origin = "http://127.0.0.1:1" }');
  });
});
