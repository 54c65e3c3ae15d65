/**
 * Yealink: the MAC-oriented file `<mac>.cfg` (lower-case, no separators) that a Yealink phone fetches after the
 * common `y0000000000xx.cfg` of its model, in Yealink's `key = value` format under the `#!version:1.0.0.1` header.
 * Account 1 carries the extension; line keys are `linekey.N.*` (type 15 line, 16 BLF, 13 speed dial).
 */
import { CREDENTIAL_MARKER, macFileStem, sipServerParts, type ConfigFile, type RenderInput } from './files';

const LINE_KEY_TYPES = { line: 15, blf: 16, 'speed-dial': 13 } as const;

/** The file names a Yealink phone with this MAC reads (for releasing it). */
export function yealinkFileNames(mac: string): string[] {
  return [`${macFileStem(mac)}.cfg`];
}

/** Renders the phone's `<mac>.cfg`. */
export function renderYealink({ mac, profile, credential }: RenderInput): ConfigFile[] {
  const server = sipServerParts(profile.sipServer);
  const lines = [
    '#!version:1.0.0.1',
    `## ${CREDENTIAL_MARKER} ${credential.version}`,
    `## Extension ${profile.extension} of ${profile.accountId}; written by replacement-fulfilment, do not edit by hand.`,
    'account.1.enable = 1',
    `account.1.label = ${profile.extension}`,
    `account.1.display_name = ${profile.displayName}`,
    `account.1.auth_name = ${profile.sipUser}`,
    `account.1.user_name = ${profile.sipUser}`,
    `account.1.password = ${credential.password}`,
    `account.1.sip_server.1.address = ${server.host}`,
    `account.1.sip_server.1.port = ${server.port}`,
    ...profile.lineKeys.flatMap((key, index) => {
      const n = index + 1;
      return [
        `linekey.${n}.type = ${LINE_KEY_TYPES[key.type]}`,
        `linekey.${n}.line = 1`,
        `linekey.${n}.value = ${key.type === 'line' ? '' : key.value}`,
        `linekey.${n}.label = ${key.label ?? key.value}`,
      ];
    }),
  ];
  return [{ name: yealinkFileNames(mac)[0]!, content: `${lines.join('\n')}\n`, credentialVersion: credential.version }];
}
