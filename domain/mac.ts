/** MAC address normalisation: the four notations support reads off device stickers, to one form. */
import type { MacAddress } from './types';

/** Result of `normaliseMac`: the normal form, or why the input is not a MAC address. */
export type MacParseResult = { ok: true; mac: MacAddress } | { ok: false; reason: string };

const NOTATIONS: readonly RegExp[] = [
  /^([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2})$/i, // AA:BB:CC:DD:EE:FF
  /^([0-9a-f]{2})-([0-9a-f]{2})-([0-9a-f]{2})-([0-9a-f]{2})-([0-9a-f]{2})-([0-9a-f]{2})$/i, // aa-bb-cc-dd-ee-ff
  /^([0-9a-f]{2})([0-9a-f]{2})\.([0-9a-f]{2})([0-9a-f]{2})\.([0-9a-f]{2})([0-9a-f]{2})$/i, // aabb.ccdd.eeff
  /^([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i, // AABBCCDDEEFF
];

/** What a MAC must be, as every refusal of one says it. */
export const MAC_RULE = 'must be 12 hex digits written as AA:BB:CC:DD:EE:FF, AA-BB-CC-DD-EE-FF, AABB.CCDD.EEFF or AABBCCDDEEFF';

/** Normalises `AA:BB:CC:DD:EE:FF`, `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff` or `AABBCCDDEEFF` to `AA:BB:CC:DD:EE:FF`. */
export function normaliseMac(input: string): MacParseResult {
  const trimmed = input.trim();
  for (const notation of NOTATIONS) {
    const match = notation.exec(trimmed);
    if (match) return { ok: true, mac: match.slice(1, 7).join(':').toUpperCase() };
  }
  return { ok: false, reason: MAC_RULE };
}

/** True when `value` is already in normal form. */
export function isNormalMac(value: string): boolean {
  const parsed = normaliseMac(value);
  return parsed.ok && parsed.mac === value;
}

/** The 12 hex digits of a normal-form MAC, for identifiers (`00:15:65:AB:CD:EF` → `001565ABCDEF`). */
export function macDigits(mac: MacAddress): string {
  return mac.replace(/:/g, '');
}
