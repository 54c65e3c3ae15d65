/**
 * What every template shares: the rendered file type, the MAC as phones spell it in file names (12 lower-case hex
 * digits), XML escaping, and the credential-version marker each file with a password carries.
 */
import type { MacAddress } from '../../domain/types';
import type { ExtensionProfile } from '../port';

/** One file for the provisioning server's directory. */
export interface ConfigFile {
  /** File name in the served directory (no path). */
  name: string;
  content: string;
  /** The credential version the file carries (files without a password carry none). */
  credentialVersion?: number;
}

/** What a template renders from. */
export interface RenderInput {
  mac: MacAddress;
  profile: ExtensionProfile;
  credential: { version: number; password: string };
}

/** `00:15:65:AB:CD:EF` → `001565abcdef`, the MAC as the vendors name their per-phone files. */
export function macFileStem(mac: MacAddress): string {
  return mac.replace(/:/g, '').toLowerCase();
}

/** Text safe inside an XML attribute or element. */
export function xmlEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The marker line naming a file's credential version (`rf-credential-version: 2`), inside the format's comment. */
export const CREDENTIAL_MARKER = 'rf-credential-version:';

/** The credential version a file's content carries (`rf-credential-version: 2`, or that JSON key), or undefined. */
export function credentialVersionOf(content: string): number | undefined {
  const match = /rf-credential-version"?:\s*(\d+)/.exec(content); // the marker in a comment, or a JSON key
  return match ? Number(match[1]) : undefined;
}

/** The registrar host and port of `host[:port]` (5060 when no port is given). */
export function sipServerParts(sipServer: string): { host: string; port: number } {
  const [host, port] = sipServer.split(':');
  return { host: host!, port: port ? Number(port) : 5060 };
}
