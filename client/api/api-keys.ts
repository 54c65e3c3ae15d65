/** API keys by role: parsed from `API_KEYS` (sha256 hex of each key), checked in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The roles a key can carry. `admin` may do everything. */
export const roles = ['support', 'shipping', 'supervisor', 'admin'] as const;
/** One of the roles. */
export type Role = (typeof roles)[number];

/** Who is calling: the key's role and name (the name is recorded as the actor of human steps). */
export interface Caller {
  role: Role;
  name: string;
}

/** One configured key: role, name and the sha256 digest of the key. */
export interface ApiKeyEntry extends Caller {
  digest: Buffer;
}

/** The embedded stack's development keys (documented in the README and printed by `npm start`). Never use in production. */
export const DEV_API_KEYS: Record<Role, string> = {
  support: 'rf-dev-support-key',
  shipping: 'rf-dev-shipping-key',
  supervisor: 'rf-dev-supervisor-key',
  admin: 'rf-dev-admin-key',
};

/** sha256 hex of a key: what `API_KEYS` holds. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** `API_KEYS` for the dev keys. */
export function devApiKeysSetting(): string {
  return roles.map((role) => `${role}:${hashApiKey(DEV_API_KEYS[role])}`).join(',');
}

/** Parses `role:hash` or `role:name:hash` entries separated by commas; throws naming each bad entry. */
export function parseApiKeys(setting: string): ApiKeyEntry[] {
  const problems: string[] = [];
  const entries: ApiKeyEntry[] = [];
  setting.split(',').map((part) => part.trim()).filter(Boolean).forEach((part, index) => {
    const pieces = part.split(':');
    const role = pieces[0] as Role;
    const hash = pieces[pieces.length - 1] ?? '';
    const name = pieces.length === 3 ? pieces[1]! : role;
    if (pieces.length < 2 || pieces.length > 3) problems.push(`API_KEYS[${index}]: must be role:sha256hex or role:name:sha256hex`);
    else if (!roles.includes(role)) problems.push(`API_KEYS[${index}]: role must be one of ${roles.join(', ')}`);
    else if (!/^[0-9a-f]{64}$/i.test(hash)) problems.push(`API_KEYS[${index}]: hash must be 64 hex digits (sha256 of the key)`);
    else if (!/^[\w.-]{1,40}$/.test(name)) problems.push(`API_KEYS[${index}]: name must be 1–40 letters, digits, . _ or -`);
    else entries.push({ role, name, digest: Buffer.from(hash.toLowerCase(), 'hex') });
  });
  if (problems.length) throw new Error(`invalid API_KEYS:\n  - ${problems.join('\n  - ')}`);
  if (entries.length === 0) throw new Error('invalid API_KEYS: no keys configured');
  return entries;
}

/** The configured entry a presented key belongs to, or null. Compares digests in constant time against every entry. */
export function findKeyEntry(entries: readonly ApiKeyEntry[], presented: string | undefined): ApiKeyEntry | null {
  if (!presented) return null;
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  let found: ApiKeyEntry | null = null;
  for (const entry of entries) {
    if (timingSafeEqual(entry.digest, digest) && !found) found = entry;
  }
  return found;
}

/** The caller a presented key belongs to, or null. */
export function identifyCaller(entries: readonly ApiKeyEntry[], presented: string | undefined): Caller | null {
  const entry = findKeyEntry(entries, presented);
  return entry ? { role: entry.role, name: entry.name } : null;
}

/**
 * A short fingerprint of a configured key (derived from its digest, so neither the key nor the digest is stored):
 * what a page session records to tell, on every read, whether its key is still in `API_KEYS`.
 */
export function keyFingerprint(entry: ApiKeyEntry): string {
  return createHash('sha256').update('rf-page-session\0').update(entry.digest).digest('base64url').slice(0, 32);
}

/** True when `caller` may use a route open to `allowed` (admin may use every role route). */
export function isAllowed(caller: Caller, allowed: readonly Role[]): boolean {
  return caller.role === 'admin' || allowed.includes(caller.role);
}
