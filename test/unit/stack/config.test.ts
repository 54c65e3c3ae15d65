/** config/env.ts: every wrong or missing setting is named in one ConfigError; secrets never appear in it or in logs. */
import { ConfigError, envSchema, loadConfig, productionRequired, redactedConfig, secretSettings } from '../../../config/env';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the environment');
}

const productionEnv = {
  APP_ENV: 'production',
  TEMPORAL_ADDRESS: 'temporal:7233',
  MONGODB_URI: 'mongodb://mongo:27017/?replicaSet=rs0',
  SHIPPO_API_TOKEN: 'shippo_test_0123456789',
  SHIPPO_WEBHOOK_SECRET: 'a-long-production-webhook-secret',
  SMTP_HOST: 'smtp.example.com',
  MAIL_FROM: 'Replacements <replacements@example.com>',
  PUBLIC_BASE_URL: 'https://replacements.example.com',
  API_KEYS: `support:${'a'.repeat(64)}`,
};

describe('loadConfig', () => {
  it('gives every setting a default for the embedded stack', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ TEMPORAL_ADDRESS: '127.0.0.1:7233', APP_ENV: 'embedded', WORKER_OPS_PORT: 9464, WORKER_SHUTDOWN_GRACE_MS: 30_000, SHUTDOWN_TIMEOUT_MS: 45_000 });
  });

  it('names every invalid variable in one error, each with its reason', () => {
    const invalid = {
      MONGODB_URI: 'postgres://db',
      MONGODB_DB: 'has spaces',
      SHIPPO_BASE_URL: 'not a url',
      SHIPPO_WEBHOOK_SECRET: 'short',
      SMTP_PORT: '70000',
      SMTP_SECURE: 'maybe',
      WAREHOUSE_COUNTRY: 'usa',
      WAREHOUSE_EMAIL: 'nobody',
      PUBLIC_BASE_URL: 'nowhere',
      API_PORT: 'eighty',
      LOG_LEVEL: 'loud',
      APP_ENV: 'staging',
      WORKER_OPS_PORT: '-1',
      TEMPORAL_METRICS_BIND_ADDRESS: 'everywhere',
      WORKER_SHUTDOWN_GRACE_MS: '2.5',
      SHUTDOWN_TIMEOUT_MS: '10',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '0',
      WORKER_MAX_CACHED_WORKFLOWS: 'lots',
    };
    const problems = problemsOf(invalid);
    for (const name of Object.keys(invalid)) {
      expect(problems.some((problem) => problem.startsWith(`${name}: `))).toBe(true);
    }
    expect(problems).toHaveLength(Object.keys(invalid).length);
    expect(problems).toEqual(expect.arrayContaining([
      'MONGODB_URI: must start with mongodb:// or mongodb+srv://',
      'SMTP_PORT: must be 1–65535',
      'TEMPORAL_METRICS_BIND_ADDRESS: must be host:port or off',
      'SHUTDOWN_TIMEOUT_MS: must be ≥ 1000',
    ]));
  });

  it('with APP_ENV=production names every setting that has only an embedded default', () => {
    const problems = problemsOf({ APP_ENV: 'production' });
    expect(problems).toEqual(productionRequired.map((name) => `${name}: required when APP_ENV=production`));
    expect(() => loadConfig(productionEnv)).not.toThrow();
  });

  it('reports schema problems and cross-field problems together', () => {
    const problems = problemsOf({ ...productionEnv, SMTP_PORT: 'x', TEMPORAL_TLS_CERT_PATH: '/certs/client.pem', SMTP_USER: 'mailer', SHIPPO_API_TOKEN: '' });
    expect(problems).toEqual([
      'SMTP_PORT: must be a number',
      'TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set',
      'SMTP_PASSWORD: required when SMTP_USER is set',
      'SHIPPO_API_TOKEN: required when APP_ENV=production',
    ]);
  });

  it('refuses the embedded webhook secret in production', () => {
    expect(problemsOf({ ...productionEnv, SHIPPO_WEBHOOK_SECRET: 'embedded-webhook-secret-change-me' }))
      .toEqual(['SHIPPO_WEBHOOK_SECRET: must not be the embedded default when APP_ENV=production']);
  });

  it('reads TRUST_PROXY as false (default), true, or proxy addresses/CIDRs, and names a bad entry', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback,::1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback', '::1']);
    expect(problemsOf({ TRUST_PROXY: '2' })).toEqual(['TRUST_PROXY: must be true, false, or proxy addresses/CIDRs (or loopback, linklocal, uniquelocal); not 2']);
    expect(problemsOf({ TRUST_PROXY: 'lb.example,10.0.0.1' })[0]).toMatch(/not lb\.example$/);
  });

  it('provisioning: each mode asks for what it needs; production refuses the embedded provisioning secrets', () => {
    expect(loadConfig({}).PROVISIONING_MODE).toBe('off');
    expect(problemsOf({ PROVISIONING_MODE: 'webhook' })).toEqual([
      'PROVISIONING_WEBHOOK_URL: required when PROVISIONING_MODE=webhook', 'PROVISIONING_WEBHOOK_SECRET: required when PROVISIONING_MODE=webhook',
    ]);
    expect(problemsOf({ PROVISIONING_MODE: 'usb', PROVISIONING_REDIRECT_URL: 'https://rps.example.net/api' })).toEqual([
      'PROVISIONING_MODE: must be off, directory or webhook', 'PROVISIONING_REDIRECT_TOKEN: required when PROVISIONING_REDIRECT_URL is set',
    ]);
    expect(problemsOf({ ...productionEnv, PROVISIONING_MODE: 'directory' })).toEqual([
      'PROVISIONING_CREDENTIAL_KEY: must be set (not the embedded default) when APP_ENV=production and PROVISIONING_MODE=directory',
      'DEVICE_ONLINE_SECRET: must be set (not the embedded default) when APP_ENV=production and PROVISIONING_MODE=directory',
    ]);
    expect(() => loadConfig({ ...productionEnv, PROVISIONING_MODE: 'directory', PROVISIONING_CREDENTIAL_KEY: 'a-long-production-key-000', DEVICE_ONLINE_SECRET: 'a-long-production-secret-00' })).not.toThrow();
    expect(() => loadConfig(productionEnv)).not.toThrow(); // off: nothing more is needed
  });

  it('treats an empty variable as unset, so its default applies', () => {
    const config = loadConfig({ SMTP_PORT: '', SHIPPO_BASE_URL: '  ' });
    expect(config.SMTP_PORT).toBe(2525);
    expect(config.SHIPPO_BASE_URL).toBeUndefined();
  });

  it('never echoes a secret value in the error message', () => {
    const error = (() => {
      try {
        loadConfig({ SHIPPO_WEBHOOK_SECRET: 'tooshort-secret', BOARD_SESSION_SECRET: 'hunter2' });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('accepted');
    })();
    expect(error.message).toContain('SHIPPO_WEBHOOK_SECRET: must be at least 16 characters');
    expect(error.message).not.toContain('tooshort-secret');
    expect(error.message).not.toContain('hunter2');
  });
});

describe('redactedConfig', () => {
  it('replaces every secret and the credentials in MONGODB_URI', () => {
    const config = loadConfig({
      ...productionEnv,
      TEMPORAL_API_KEY: 'tmprl-key-value',
      SMTP_USER: 'mailer',
      SMTP_PASSWORD: 'smtp-password-value',
      MONGODB_URI: 'mongodb://app:mongo-password@mongo:27017/?replicaSet=rs0',
    });
    const text = JSON.stringify(redactedConfig(config));
    for (const secret of ['tmprl-key-value', 'smtp-password-value', 'mongo-password', 'shippo_test_0123456789', 'a-long-production-webhook-secret']) {
      expect(text).not.toContain(secret);
    }
    expect(redactedConfig(config)).toMatchObject({ SMTP_USER: 'mailer', MONGODB_URI: 'mongodb://[redacted]@mongo:27017/?replicaSet=rs0' });
    for (const name of secretSettings) expect(Object.keys(envSchema.shape)).toContain(name);
  });
});
