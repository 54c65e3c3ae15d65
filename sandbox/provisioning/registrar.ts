/**
 * The sandbox's SIP registrar stand-in: a phone "registers" with the user and password from its configuration file,
 * checked as a SIP server checks digest credentials, against the HA1 the directory adapter wrote for the extension
 * (`<registrarDir>/<user>.json`). An outdated password (an older credential version) is refused.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** A registrar entry as the directory adapter writes it. */
interface RegistrarEntry {
  username: string;
  realm: string;
  ha1: string;
  'rf-credential-version': number;
}

/** A registration attempt's outcome. */
export interface Registration {
  username: string;
  accepted: boolean;
  /** The extension's credential version at the time (the one a phone must carry). */
  credentialVersion?: number;
}

/** The registrar over `registrarDir`. */
export function createRegistrar(registrarDir: string) {

  /** The user's entry, or undefined when the registrar has none (or the name is not a plain user name). */
  async function entryOf(username: string): Promise<RegistrarEntry | undefined> {
    if (!/^[A-Za-z0-9._+-]{1,64}$/.test(username)) return undefined;
    try {
      return JSON.parse(await readFile(path.join(registrarDir, `${username}.json`), 'utf8')) as RegistrarEntry;
    } catch {
      return undefined;
    }
  }

  return {
    /** Checks a registration: accepted only with the current credential version's password. */
    async register(username: string, password: string): Promise<Registration> {
      const entry = await entryOf(username);
      const ha1 = entry && createHash('md5').update(`${username}:${entry.realm}:${password}`).digest('hex');
      const attempt: Registration = {
        username, accepted: entry !== undefined && ha1 === entry.ha1,
        ...(entry ? { credentialVersion: entry['rf-credential-version'] } : {}),
      };
      return attempt;
    },
    /** The user's current credential version, or undefined. */
    async credentialVersion(username: string): Promise<number | undefined> {
      return (await entryOf(username))?.['rf-credential-version'];
    },
  };
}
