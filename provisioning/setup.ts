/** The provisioning a worker runs with, chosen by configuration (`PROVISIONING_MODE`); none when it is `off`. */
import path from 'node:path';
import type { Db } from 'mongodb';
import { createDirectoryProvisioning } from './directory-adapter';
import type { ProvisioningSetup } from './identity-mover';
import { createRedirectClient } from './redirect-client';
import { createWebhookProvisioning } from './webhook-adapter';

/** The settings provisioning reads (config/env.ts `AppConfig` provides them). */
export interface ProvisioningSettings {
  PROVISIONING_MODE: 'off' | 'directory' | 'webhook';
  PROVISIONING_DIR: string;
  PROVISIONING_REGISTRAR_DIR: string;
  PROVISIONING_CREDENTIAL_KEY: string;
  PROVISIONING_WEBHOOK_URL?: string | undefined;
  PROVISIONING_WEBHOOK_SECRET?: string | undefined;
  PROVISIONING_SERVER_URL: string;
  PROVISIONING_REDIRECT_URL?: string | undefined;
  PROVISIONING_REDIRECT_TOKEN?: string | undefined;
}

/** Builds the adapter and redirect client the settings name (config/env.ts checked that each has what it needs). */
export function createProvisioningSetup(settings: ProvisioningSettings, db: Db): ProvisioningSetup | undefined {
  if (settings.PROVISIONING_MODE === 'off') return undefined;
  const port = settings.PROVISIONING_MODE === 'webhook'
    ? createWebhookProvisioning({ url: settings.PROVISIONING_WEBHOOK_URL!, secret: settings.PROVISIONING_WEBHOOK_SECRET! })
    : createDirectoryProvisioning({
      dir: path.resolve(settings.PROVISIONING_DIR), registrarDir: path.resolve(settings.PROVISIONING_REGISTRAR_DIR),
      credentialKey: settings.PROVISIONING_CREDENTIAL_KEY, db,
    });
  const redirect = settings.PROVISIONING_REDIRECT_URL
    ? createRedirectClient({ baseUrl: settings.PROVISIONING_REDIRECT_URL, token: settings.PROVISIONING_REDIRECT_TOKEN!, serverUrl: settings.PROVISIONING_SERVER_URL })
    : undefined;
  return { port, ...(redirect ? { redirect } : {}) };
}
