/**
 * Start-up of the real entry points: a bad environment stops the worker and the API with one message naming every
 * problem (and no secret); the search-attribute set-up command registers what a fresh namespace lacks, once.
 */
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { registerSearchAttributes } from '../../../worker/register-search-attributes';

const root = path.resolve(__dirname, '..', '..', '..');

function runEntry(entry: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', entry], {
    cwd: root, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
}

const badEnv = {
  APP_ENV: 'production',
  MONGODB_URI: 'mysql://db',
  SMTP_PORT: 'twenty-five',
  SHIPPO_WEBHOOK_SECRET: 'leaky-secret',
  TEMPORAL_TLS_CERT_PATH: '/certs/client.pem',
  WORKER_SHUTDOWN_GRACE_MS: 'soon',
};

test.each(['worker/main.ts', 'client/api/main.ts'])('%s refuses a bad environment with one message listing every problem', (entry) => {
  const result = runEntry(entry, badEnv);
  expect(result.status).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines[0]).toBe('✖ invalid configuration:');
  expect(lines.slice(1).map((line) => line.trim())).toEqual([
    '- MONGODB_URI: must start with mongodb:// or mongodb+srv://',
    '- SHIPPO_WEBHOOK_SECRET: must be at least 16 characters',
    '- SMTP_PORT: must be a number',
    '- WORKER_SHUTDOWN_GRACE_MS: must be a number',
    '- TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set',
    '- TEMPORAL_ADDRESS: required when APP_ENV=production',
    '- SHIPPO_API_TOKEN: required when APP_ENV=production',
    '- SMTP_HOST: required when APP_ENV=production',
    '- MAIL_FROM: required when APP_ENV=production',
    '- PUBLIC_BASE_URL: required when APP_ENV=production',
    '- API_KEYS: required when APP_ENV=production',
  ]);
  expect(result.stdout + result.stderr).not.toContain('leaky-secret');
}, 90_000);

test('register-search-attributes adds the claim attributes to a namespace that lacks them, once', async () => {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  try {
    const namespace = `rf-sa-${randomBytes(4).toString('hex')}`;
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    expect((await registerSearchAttributes(connection, namespace)).sort()).toEqual(['ClaimStatus', 'DeviceMac', 'Extension']);
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(['ClaimStatus', 'DeviceMac', 'Extension']));
    expect(await registerSearchAttributes(connection, namespace)).toEqual([]);
  } finally {
    await connection.close();
  }
});
