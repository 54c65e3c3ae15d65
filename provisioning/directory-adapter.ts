/**
 * The provisioning-directory adapter: renders each phone's configuration files from the extension's profile into the
 * directory the provider's HTTP(S) provisioning server serves (atomically, see atomic-file.ts), and keeps the SIP
 * registrar's view of the extension's credentials in a second directory (`<sipUser>.json`: user, realm, digest HA1,
 * credential version) for the provider's SIP server to load. The directory is the other side of every write: a
 * retry finds a file with the right content and writes nothing.
 */
import { mkdir } from 'node:fs/promises';
import type { Db } from 'mongodb';
import { removeFile, writeFileAtomically, type WriteOutcome } from './atomic-file';
import { createCredentialStore } from './credential-store';
import { sipHa1, sipPassword } from './credentials';
import type { ExtensionProfile, IdentityMove, ProvisioningPort } from './port';
import { allFileNamesOf, renderPhoneFiles } from './templates';
import { credentialVersionOf, sipServerParts } from './templates/files';

/** Where the adapter writes, and the key the SIP passwords are derived from. */
export interface DirectoryProvisioningOptions {
  /** The directory the provisioning server serves (phones fetch `<mac>.cfg` and the like from it). */
  dir: string;
  /** The directory the SIP registrar loads credentials from (never served to phones). */
  registrarDir: string;
  /** Secret the SIP passwords are derived from (PROVISIONING_CREDENTIAL_KEY). */
  credentialKey: string;
  db: Db;
  now?: () => Date;
}

const extensionKeyOf = (profile: ExtensionProfile) => `${profile.accountId}/${profile.extension}`;

/** What a list of writes did, in words: `001565abcd99.cfg written`. */
function described(outcomes: Array<[string, WriteOutcome]>): string {
  return outcomes.map(([name, outcome]) => `${name} ${outcome === 'kept-newer' ? 'kept (a newer version is there)' : outcome}`).join(', ');
}

/** Builds the adapter. */
export function createDirectoryProvisioning(options: DirectoryProvisioningOptions): ProvisioningPort {
  const credentials = createCredentialStore(options.db, options.now);

  /** Writes the registrar entry and the replacement's files at credential `version`. */
  async function writeAt(move: IdentityMove, version: number): Promise<string> {
    const { profile } = move;
    await Promise.all([mkdir(options.dir, { recursive: true }), mkdir(options.registrarDir, { recursive: true })]);
    const password = sipPassword(options.credentialKey, extensionKeyOf(profile), version);
    const realm = sipServerParts(profile.sipServer).host;
    const registrar = { username: profile.sipUser, realm, ha1: sipHa1(profile.sipUser, realm, password), 'rf-credential-version': version };
    const outcomes: Array<[string, WriteOutcome]> = [];
    const registrarName = `${profile.sipUser}.json`;
    outcomes.push([`registrar ${registrarName}`, await writeFileAtomically(options.registrarDir, {
      name: registrarName, content: `${JSON.stringify(registrar, null, 2)}\n`, version, versionOf: credentialVersionOf,
    })]);
    for (const file of renderPhoneFiles(move.to.vendor, { mac: move.to.mac, profile, credential: { version, password } })) {
      outcomes.push([file.name, await writeFileAtomically(options.dir, { name: file.name, content: file.content, version: file.credentialVersion, versionOf: credentialVersionOf })]);
    }
    return `${described(outcomes)} (credential version ${version})`;
  }

  return {
    // Idempotent: the files' content is a function of the profile and the extension's current credential version.
    async assign(move) {
      return writeAt(move, await credentials.currentVersion(extensionKeyOf(move.profile)));
    },
    // Idempotent: the move's rotation is one unique insert; a retry writes the same version's files again.
    async rotateCredentials(move) {
      const version = await credentials.rotateOnce(move.moveId, extensionKeyOf(move.profile));
      return `rotated to credential version ${version}: ${await writeAt(move, version)}`;
    },
    // Idempotent: removing a file that is gone is nothing.
    async release(move) {
      const removed: string[] = [];
      for (const name of allFileNamesOf(move.from.mac)) if (await removeFile(options.dir, name)) removed.push(name);
      return removed.length > 0 ? `removed ${removed.join(', ')}` : `no file of ${move.from.mac} was left`;
    },
  };
}
