/**
 * The fuzz run's schemathesis side: its configuration (schemathesis.toml: OpenAPI-aware credentials for every security
 * scheme of the document) and the summary of what it sent (from its HAR reports): operations, requests, 5xx answers,
 * and the operations that never got past authentication.
 *
 * The page forms need two CSRF tokens: the login and logout forms carry no session, so theirs is the login form's; the
 * others need the session's. schemathesis 4.32.5 leaks the headers of an `[[operations]]` entry into the operations
 * tested after it, so instead of one run with a per-operation override there are two runs (`PAGE_ENTRY_OPERATIONS`
 * alone with the login form's token, everything else with the session's).
 */

/** The operations whose forms carry no session. */
export const PAGE_ENTRY_OPERATIONS = ['boardLogin', 'boardLogout'];

/** What the configuration needs. */
export interface FuzzCredentials {
  /** The API's base URL; also the `Origin` page forms must come from. */
  origin: string;
  adminKey: string;
  webhookToken: string;
  /** Values of the page session and CSRF-secret cookies of a logged-in board visitor. */
  sessionCookie: string;
  csrfCookie: string;
  /** The CSRF token the forms of this run carry. */
  csrfToken: string;
  examples: number;
}

const quote = (value: string | number) => JSON.stringify(value);

/** schemathesis.toml for a run past every authentication of the API. */
export function schemathesisConfig(c: FuzzCredentials): string {
  // One credential per security scheme of the document (client/api/openapi.ts), sent where an operation asks for it.
  const credentials: Record<string, [field: string, value: string]> = {
    apiKey: ['api_key', c.adminKey], bearerKey: ['bearer', c.adminKey], webhookToken: ['api_key', c.webhookToken],
    pageSession: ['api_key', c.sessionCookie], csrfSecret: ['api_key', c.csrfCookie], csrfToken: ['api_key', c.csrfToken],
  };
  const auth = Object.entries(credentials).map(([scheme, [field, value]]) => `[auth.openapi.${scheme}]\n${field} = ${quote(value)}\n`);
  return `# Written by scripts/fuzz.ts for one run.
seed = 20261129
workers = 1
request-timeout = 30
headers = { Origin = ${quote(c.origin)} }

[generation]
max-examples = ${c.examples}
database = "none"

[checks]
enabled = false
not_a_server_error.enabled = true

${auth.join('\n')}`;
}

/** What schemathesis did, per the HAR report. */
export interface FuzzSummary {
  documented: number;
  /** Operations that got at least one request. */
  operations: number;
  cases: number;
  serverErrors: number;
  /** `METHOD /path` of operations whose every answer was 401 or 403. */
  notPastAuthentication: string[];
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number; headers?: Array<{ name: string; value: string }> };
}

/** An OpenAPI document as far as the summary reads it. */
export interface FuzzedDocument {
  paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
}

/** Refused by authentication: 401, 403, or (on a page that needs a session) the redirect to its login form. */
function refused(entry: HarEntry, needsSession: boolean): boolean {
  const { status, headers = [] } = entry.response;
  if (status === 401 || status === 403) return true;
  return needsSession && status === 303 && headers.some((h) => h.name.toLowerCase() === 'location' && h.value.endsWith('/login'));
}

/**
 * Summarises HAR reports (of one or more runs) against the OpenAPI document's operations; `loaded` are operations
 * schemathesis calls itself rather than tests (the document it loads), counted as answered.
 */
export function summariseHar(hars: string[], document: FuzzedDocument, loaded: string[] = []): FuzzSummary {
  const entries = hars.flatMap((har) => (JSON.parse(har) as { log: { entries: HarEntry[] } }).log.entries);
  const operations = Object.entries(document.paths).flatMap(([template, item]) => Object.entries(item).map(([method, operation]) => ({
    name: `${method.toUpperCase()} ${template}`,
    method: method.toUpperCase(),
    needsSession: (operation.security ?? []).some((requirement) => 'pageSession' in requirement),
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]*')}$`),
  })));
  const seen = new Map<string, HarEntry[]>();
  for (const entry of entries) {
    const pathname = new URL(entry.request.url).pathname;
    const operation = operations.find((op) => op.method === entry.request.method && op.pattern.test(pathname))
      ?? operations.find((op) => op.method === entry.request.method && op.pattern.test(decodeURIComponentSafe(pathname)));
    const name = operation?.name ?? `${entry.request.method} (undocumented) ${pathname}`;
    seen.set(name, [...(seen.get(name) ?? []), entry]);
  }
  const documentedSeen = operations.filter((op) => seen.has(op.name) || loaded.includes(op.name));
  return {
    documented: operations.length,
    operations: documentedSeen.length,
    cases: entries.length,
    serverErrors: entries.filter((entry) => entry.response.status >= 500).length,
    notPastAuthentication: operations.filter((op) => !loaded.includes(op.name) && (seen.get(op.name) ?? []).every((entry) => refused(entry, op.needsSession))).map((op) => op.name),
  };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
