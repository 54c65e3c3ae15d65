/**
 * Every setting comes from the environment, parsed once at start. A wrong or missing value stops start-up
 * with one message listing every problem. Defaults are the embedded stack's (see README).
 */
import { UserFacingError } from '../entry/errors';
import { isIP } from 'node:net';
import { z } from 'zod';
import { formatIssues } from '../schemas/issues';
import { contrastWithWhite, DEFAULT_BRANDING } from '../notifications/branding';
import { policyEnvShape, policySettingProblems } from './policy';

const port = z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (entry: string) => PROXY_NAMES.includes(entry) || isIP(entry.split('/')[0] ?? '') !== 0 && /^[^/]+(\/\d{1,3})?$/.test(entry);
/** `true`, `false`, or proxy addresses/CIDRs (Fastify's `trustProxy`; it no longer honours bare hop counts). */
const trustProxy = z.string().transform((value, ctx): boolean | string[] => {
  if (value === 'true' || value === 'false') return value === 'true';
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (entries.length === 0 || bad.length) ctx.addIssue({ code: 'custom', message: `must be true, false, or proxy addresses/CIDRs (or ${PROXY_NAMES.join(', ')}); not ${bad.join(', ') || 'empty'}` });
  return entries;
});

/**
 * The worker's workflow cache by default: enough for the claims that move at once on one worker, while the cache,
 * not the number of claims waiting, sets the worker's memory (BENCHMARKS.md, figure d).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 100;

/**
 * The share of the worker's workflow-task polls spent on the task queue itself (a new claim's first task, which answers
 * support) rather than on the worker's sticky queue (the next tasks of claims it holds): half, where the SDK's default
 * (0.2: 2 polls of 10) let a burst of openings queue behind the work of the claims opened just before (BENCHMARKS.md, e).
 */
export const DEFAULT_NON_STICKY_POLL_RATIO = 0.5;

/** Embedded defaults of secrets: fine on loopback, refused when APP_ENV=production. */
export const EMBEDDED_SECRETS = {
  PROVISIONING_CREDENTIAL_KEY: 'embedded-provisioning-key-change-me',
  DEVICE_ONLINE_SECRET: 'embedded-device-online-secret-change-me',
} as const;

/** The environment variables the product reads, with their defaults. */
export const envSchema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('replacement-claims'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').default('mongodb://127.0.0.1:27017/'),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be 1–60 letters, digits, _ or -').default('replacement_fulfilment'),
  SHIPPO_API_TOKEN: z.string().min(1).optional(),
  SHIPPO_BASE_URL: z.url('must be a URL').optional(),
  SHIPPO_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').default('embedded-webhook-secret-change-me'),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: port.default(2525),
  SMTP_SECURE: flag.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('SpectrumVoIP Replacements <replacements@spectrumvoip.example>'),
  WAREHOUSE_NAME: z.string().min(1).default('SpectrumVoIP Shipping Department'),
  WAREHOUSE_STREET1: z.string().min(1).default('2100 N Greenville Ave'),
  WAREHOUSE_CITY: z.string().min(1).default('Richardson'),
  WAREHOUSE_STATE: z.string().min(1).default('TX'),
  WAREHOUSE_POSTAL_CODE: z.string().min(3).default('75082'),
  WAREHOUSE_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code').default('US'),
  WAREHOUSE_PHONE: z.string().min(7).default('+1 469 429 2500'),
  WAREHOUSE_EMAIL: z.email('must be an email address').default('shipping@spectrumvoip.example'),
  PUBLIC_BASE_URL: z.url('must be a URL').default('http://127.0.0.1:8080'),
  /** Company name shown in customer emails and on the tracking page. */
  BRAND_NAME: z.string().trim().min(1).max(60, 'must be at most 60 characters').default(DEFAULT_BRANDING.companyName),
  /** Logo (PNG or JPEG: many mail clients do not show SVG) at an http(s) URL; unset: the company name is the logo. */
  BRAND_LOGO_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** Accent colour `#RRGGBB` of emails and the tracking page; white text is drawn on it, so it must be dark enough. */
  BRAND_ACCENT_COLOR: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #17324d')
    .refine((hex) => contrastWithWhite(hex) >= 4.5, 'must be dark enough for white text (contrast 4.5:1)').default(DEFAULT_BRANDING.accentColor),
  /** The support line customers call (emails, tracking page). */
  SUPPORT_PHONE: z.string().trim().min(7, 'must be a phone number').max(40).default(DEFAULT_BRANDING.supportPhone),
  /** The support mailbox: the Reply-To of every customer email, and shown to customers. */
  SUPPORT_EMAIL: z.email('must be an email address').default(DEFAULT_BRANDING.supportEmail),
  /** How many times a day a customer may print the return label again from the tracking page (per claim). */
  LABEL_REPRINTS_PER_DAY: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(50, 'must be at most 50').default(5),
  API_PORT: port.default(8080),
  /** API keys per role, sha256 hex of each key: `support:<hash>,shipping:<hash>,...` (optional `role:name:<hash>`). Unset: the documented dev keys (client/api/api-keys.ts). */
  API_KEYS: z.string().min(1).optional(),
  /** Secret signing the page sessions' cookies and CSRF tokens (the board); unset: a random one per process (logins end at restart). */
  BOARD_SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Proxies trusted to tell the client's address and protocol (X-Forwarded-For/-Proto): `false` (default: clients
   * connect directly), `true` (any), or the proxies' addresses/CIDRs (`10.0.0.0/8,loopback`). Behind a load balancer
   * set it, or every client shares the balancer's rate-limit bucket (and https page logins cannot keep their cookie).
   */
  TRUST_PROXY: trustProxy.default(false),
  /** Requests per minute per client on the public routes (/track, /webhooks). */
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').default(60),
  /** Largest accepted request body, in bytes. */
  API_BODY_LIMIT_BYTES: z.coerce.number().int('must be a whole number').min(1024, 'must be at least 1024').default(65_536),
  /** After a label purchase with an unknown outcome (timeout, 5xx, dropped connection), how long to wait for it to show up at the carrier before buying again; keep it above the carrier request timeout (30 s). */
  CARRIER_PURCHASE_SETTLE_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1_000, 'must be at least 1000').default(120_000),
  /** How often the worker polls the carrier for legs with no recent tracking update (fallback for missed webhooks); 0 turns polling off (finished legs still leave the working set every 15 minutes). */
  TRACKING_POLL_INTERVAL_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').default(900_000),
  /** A leg with no tracking update for this long is polled. */
  TRACKING_STALE_AFTER_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1_000, 'must be at least 1000').default(21_600_000),
  /**
   * How replacements get the extension's configuration and defective phones lose it (provisioning/README.md):
   * `directory` (files for the provider's provisioning server), `webhook` (the provider's PBX is told), `off`.
   */
  PROVISIONING_MODE: z.enum(['off', 'directory', 'webhook'], { error: 'must be off, directory or webhook' }).default('off'),
  /** directory mode: the directory the provisioning server serves to phones. */
  PROVISIONING_DIR: z.string().min(1).default('.data/provisioning'),
  /** directory mode: where the SIP registrar loads the extensions' credentials (digest HA1) from; never served to phones. */
  PROVISIONING_REGISTRAR_DIR: z.string().min(1).default('.data/provisioning-registrar'),
  /** directory mode: the secret the SIP passwords of each credential version are derived from. */
  PROVISIONING_CREDENTIAL_KEY: z.string().min(16, 'must be at least 16 characters').default(EMBEDDED_SECRETS.PROVISIONING_CREDENTIAL_KEY),
  /** webhook mode: where the provider's PBX receives the signed provisioning events. */
  PROVISIONING_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** webhook mode: the shared secret of the events' HMAC-SHA-256 signature. */
  PROVISIONING_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The provisioning server phones are redirected to (the URL registered with the zero-touch redirect service). */
  PROVISIONING_SERVER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('http://127.0.0.1:8092/'),
  /** The zero-touch redirect service's API (Yealink RPS, Poly ZTP, Grandstream GDMS behind it); unset: none is used. */
  PROVISIONING_REDIRECT_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** The redirect service's API token. */
  PROVISIONING_REDIRECT_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
  /** The shared secret of `POST /devices/{mac}/online` (`?token=`), sent by the provisioning server when a phone fetches its file. */
  DEVICE_ONLINE_SECRET: z.string().min(16, 'must be at least 16 characters').default(EMBEDDED_SECRETS.DEVICE_ONLINE_SECRET),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** `production` requires the settings that have only embedded defaults (see `productionRequired`). */
  APP_ENV: z.enum(['embedded', 'production'], { error: 'must be embedded or production' }).default('embedded'),
  /** Host the API and the worker's ops server bind to (0.0.0.0 in a container). */
  BIND_HOST: z.string().min(1).default('127.0.0.1'),
  /** The worker's ops HTTP server: /metrics (product counters + Temporal runtime metrics), /healthz, /readyz. 0 = off. */
  WORKER_OPS_PORT: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0–65535').max(65535, 'must be 0–65535').default(9464),
  /** Where Temporal Core's Prometheus exporter listens (proxied into the ops server's /metrics); `off` disables it. */
  TEMPORAL_METRICS_BIND_ADDRESS: z.string().regex(/^(off|[^\s:]+:\d{1,5})$/, 'must be host:port or off').default('127.0.0.1:9465'),
  /** How long the worker lets in-flight activities finish after SIGTERM before cancelling them. */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').default(30_000),
  /** Hard limit for a whole shutdown (worker drain or API close, then connections); the process exits after it. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1_000, 'must be ≥ 1000').default(45_000),
  /** Share of the worker's workflow-task polls on the task queue itself (new claims) rather than its sticky queue (0.1–1). */
  WORKER_NON_STICKY_POLL_RATIO: z.coerce.number({ error: 'must be a number' }).min(0.1, 'must be 0.1–1').max(1, 'must be 0.1–1').default(DEFAULT_NON_STICKY_POLL_RATIO),
  /** Concurrent activity tasks per worker process (scale out with more processes on the same task queue). */
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').default(50),
  /**
   * Claims kept in the worker's workflow cache between tasks. Bounds the worker's memory (BENCHMARKS.md, figure d:
   * the cache, not the claims waiting, sets it); a claim evicted from the cache replays its short history when it wakes up.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be ≥ 1').default(DEFAULT_MAX_CACHED_WORKFLOWS),
  /** A prebuilt workflow bundle (`scripts/build-workflow-bundle.ts`); default: dist/workflow-bundle.js when present. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  /** OpenTelemetry tracing: base URL of an OTLP/HTTP collector (spans go to `<url>/v1/traces`, JSON). Unset: tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** `service.name` on the spans; default `replacement-fulfilment-worker` / `replacement-fulfilment-api`. */
  OTEL_SERVICE_NAME: z.string().regex(/^\S{1,100}$/, 'must be 1–100 characters without spaces').optional(),
  /** The claim policy's durations, task SLAs and the warehouse's holiday calendar (config/policy.ts). */
  ...policyEnvShape,
});

/** The parsed configuration. */
export type AppConfig = z.infer<typeof envSchema>;

/** Parses `env`; throws one `ConfigError` naming every missing or invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = withoutEmptyValues(env);
  const result = envSchema.safeParse(present);
  const problems = [...(result.success ? policySettingProblems(result.data) : formatIssues(result.error.issues)), ...crossFieldProblems(present)];
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems);
}

/** Settings that have only embedded (sandbox/loopback/dev-key) defaults, so production must set them explicitly. */
export const productionRequired = [
  'TEMPORAL_ADDRESS', 'MONGODB_URI', 'SHIPPO_API_TOKEN', 'SHIPPO_WEBHOOK_SECRET', 'SMTP_HOST', 'MAIL_FROM', 'PUBLIC_BASE_URL', 'API_KEYS',
] as const;

/** Names of settings that are secrets: never logged (see `redactedConfig`). */
export const secretSettings = [
  'TEMPORAL_API_KEY', 'SHIPPO_API_TOKEN', 'SHIPPO_WEBHOOK_SECRET', 'SMTP_PASSWORD', 'API_KEYS', 'BOARD_SESSION_SECRET',
  'PROVISIONING_CREDENTIAL_KEY', 'PROVISIONING_WEBHOOK_SECRET', 'PROVISIONING_REDIRECT_TOKEN', 'DEVICE_ONLINE_SECRET',
] as const;

/** The configuration with every secret replaced by `[redacted]` (or absent), safe to log. */
export function redactedConfig(config: AppConfig): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const name of secretSettings) if (copy[name] !== undefined) copy[name] = '[redacted]';
  copy.MONGODB_URI = config.MONGODB_URI.replace(/\/\/[^@/]*@/, '//[redacted]@');
  return copy;
}

/** An empty variable (`VAR=` in a .env file or compose) counts as unset, so its default applies. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && !(typeof value === 'string' && value.trim() === '')));
}

/** Rules across variables, checked together with the schema so one error lists everything. */
function crossFieldProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (env.TEMPORAL_TLS_CERT_PATH && !env.TEMPORAL_TLS_KEY_PATH) problems.push('TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set');
  if (env.TEMPORAL_TLS_KEY_PATH && !env.TEMPORAL_TLS_CERT_PATH) problems.push('TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set');
  if (env.SMTP_USER && !env.SMTP_PASSWORD) problems.push('SMTP_PASSWORD: required when SMTP_USER is set');
  if (env.SMTP_PASSWORD && !env.SMTP_USER) problems.push('SMTP_USER: required when SMTP_PASSWORD is set');
  if (env.PROVISIONING_MODE === 'webhook') {
    for (const name of ['PROVISIONING_WEBHOOK_URL', 'PROVISIONING_WEBHOOK_SECRET']) if (!env[name]) problems.push(`${name}: required when PROVISIONING_MODE=webhook`);
  }
  if (env.PROVISIONING_REDIRECT_URL && !env.PROVISIONING_REDIRECT_TOKEN) problems.push('PROVISIONING_REDIRECT_TOKEN: required when PROVISIONING_REDIRECT_URL is set');
  if (env.APP_ENV === 'production' && env.PROVISIONING_MODE && env.PROVISIONING_MODE !== 'off') {
    const needed = env.PROVISIONING_MODE === 'directory' ? ['PROVISIONING_CREDENTIAL_KEY', 'DEVICE_ONLINE_SECRET'] as const : ['DEVICE_ONLINE_SECRET'] as const;
    for (const name of needed) {
      if (!env[name] || env[name] === EMBEDDED_SECRETS[name]) problems.push(`${name}: must be set (not the embedded default) when APP_ENV=production and PROVISIONING_MODE=${env.PROVISIONING_MODE}`);
    }
  }
  if (env.APP_ENV === 'production') {
    for (const name of productionRequired) if (!env[name]) problems.push(`${name}: required when APP_ENV=production`);
    if (env.SHIPPO_WEBHOOK_SECRET === 'embedded-webhook-secret-change-me') problems.push('SHIPPO_WEBHOOK_SECRET: must not be the embedded default when APP_ENV=production');
  }
  return problems;
}

/** Start-up configuration problems, all of them at once. */
export class ConfigError extends UserFacingError {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
