/** What the provisioning tests do as phones and as the provider: boot from the sandbox, register, provision the old phone. */
import fs from 'node:fs';
import path from 'node:path';
import { findExtension } from '../../../data/extensions';
import type { TestApp } from '../../support/app';

/** A phone's boot: `GET /<mac>.cfg` from the provisioning sandbox (Yealink), with the status and the file. */
export async function bootYealink(app: TestApp, mac: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${app.provisioning.sandbox.url}/${mac.replace(/:/g, '').toLowerCase()}.cfg`);
  return { status: response.status, text: await response.text() };
}

/** The value of `key = value` in a Yealink file. */
export function yealinkValue(file: string, key: string): string | undefined {
  return file.split('\n').find((line) => line.startsWith(`${key} = `))?.slice(key.length + 3);
}

/** A SIP registration at the sandbox's registrar with the credentials a phone carries. */
export async function register(app: TestApp, username: string, password: string): Promise<{ status: number; credentialVersion?: number }> {
  const response = await fetch(`${app.provisioning.sandbox.url}/sip/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const body = await response.json() as { credentialVersion?: number };
  return { status: response.status, ...(body.credentialVersion !== undefined ? { credentialVersion: body.credentialVersion } : {}) };
}

/** The redirect service's answer for a factory-fresh phone: its provisioning server, or 404. */
export async function redirectOf(app: TestApp, mac: string): Promise<{ status: number; serverUrl?: string }> {
  const response = await fetch(`${app.provisioning.sandbox.redirectUrl}/devices/${mac.replace(/:/g, '').toLowerCase()}`);
  const body = await response.json() as { serverUrl?: string };
  return { status: response.status, ...(body.serverUrl ? { serverUrl: body.serverUrl } : {}) };
}

/** Provisions the defective phone as the provider had it before the claim (its file, its redirect entry). */
export async function provisionBeforeTheClaim(app: TestApp, mac: string, accountId: string, extension: string): Promise<void> {
  const record = await findExtension(app.database.db, accountId, extension);
  if (!record) throw new Error(`no provisioning record for ${accountId}/${extension}`);
  const { sipUser, sipServer, displayName, lineKeys } = record;
  await app.provisioning.setup.port.assign({
    moveId: `before-${mac}`, profile: { accountId, extension, sipUser, sipServer, displayName, lineKeys }, from: { mac }, to: { mac, vendor: 'yealink' },
  });
  await app.provisioning.setup.redirect!.register(mac);
}

/** The files in the served directory (temporary ones excluded), sorted. */
export function servedFiles(app: TestApp): string[] {
  return fs.readdirSync(app.provisioning.dir).filter((name) => !name.startsWith('.')).sort();
}

/** True when the served directory holds a file for this MAC's Yealink boot. */
export function hasYealinkFile(app: TestApp, mac: string): boolean {
  return fs.existsSync(path.join(app.provisioning.dir, `${mac.replace(/:/g, '').toLowerCase()}.cfg`));
}
