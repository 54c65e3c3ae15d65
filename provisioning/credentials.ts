/**
 * SIP credentials the directory adapter owns: the password of each credential version is derived from the product's
 * key (HMAC-SHA-256 of the extension and version), so a retry renders the same bytes and no password is stored;
 * the registrar gets the digest HA1 (MD5 of `user:realm:password`, RFC 2617), as SIP servers keep subscribers.
 */
import { createHash, createHmac } from 'node:crypto';

/** The SIP password of credential `version` of an extension (`ACME-001/1001`). */
export function sipPassword(key: string, extensionKey: string, version: number): string {
  return createHmac('sha256', key).update(`sip-password:${extensionKey}#${version}`).digest('base64url').slice(0, 24);
}

/** The digest-authentication HA1 a registrar stores for a user in a realm. */
export function sipHa1(user: string, realm: string, password: string): string {
  return createHash('md5').update(`${user}:${realm}:${password}`).digest('hex');
}
