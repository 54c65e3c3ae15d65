/**
 * Grandstream: `cfg<mac>.xml` (lower-case MAC), the `<gs_provision>` XML a Grandstream phone requests first, with
 * P-values: account 1 active (P271), name (P270), SIP server (P47), user id (P35), authenticate id (P36), password
 * (P34), display name (P3); up to seven multi-purpose keys in the P-value scheme of the GXP line (key n: mode
 * P(322+n), account/label/value P(301+3(n-1))…P(303+3(n-1)); mode 0 speed dial, 1 BLF). Line keys are the phone's
 * account keys and are not rendered.
 */
import { CREDENTIAL_MARKER, macFileStem, xmlEscaped, type ConfigFile, type RenderInput } from './files';

/** Multi-purpose keys the P-value scheme below addresses. */
const MAX_KEYS = 7;
const KEY_MODES = { 'speed-dial': 0, blf: 1 } as const;

/** The file names a Grandstream phone with this MAC reads (for releasing it). */
export function grandstreamFileNames(mac: string): string[] {
  return [`cfg${macFileStem(mac)}.xml`];
}

/** Renders the phone's `cfg<mac>.xml`. */
export function renderGrandstream({ mac, profile, credential }: RenderInput): ConfigFile[] {
  const p = (code: number, value: string | number) => `    <P${code}>${xmlEscaped(String(value))}</P${code}>`;
  const keys = profile.lineKeys.filter((key): key is typeof key & { type: keyof typeof KEY_MODES } => key.type !== 'line').slice(0, MAX_KEYS);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${CREDENTIAL_MARKER} ${credential.version} -->`,
    `<!-- Extension ${xmlEscaped(profile.extension)} of ${xmlEscaped(profile.accountId)}; written by replacement-fulfilment, do not edit by hand. -->`,
    '<gs_provision version="1">',
    `  <mac>${macFileStem(mac)}</mac>`,
    '  <config version="1">',
    p(271, 1),
    p(270, profile.extension),
    p(47, profile.sipServer),
    p(35, profile.sipUser),
    p(36, profile.sipUser),
    p(34, credential.password),
    p(3, profile.displayName),
    ...keys.flatMap((key, index) => {
      const base = 301 + 3 * index;
      return [p(323 + index, KEY_MODES[key.type]), p(base, 0), p(base + 1, key.label ?? key.value), p(base + 2, key.value)];
    }),
    '  </config>',
    '</gs_provision>',
  ];
  return [{ name: grandstreamFileNames(mac)[0]!, content: `${lines.join('\n')}\n`, credentialVersion: credential.version }];
}
