/**
 * The one rule for free text that comes in through a request (names, addresses, descriptions, notes, reasons…):
 * ordinary Unicode is kept (accents, CJK, emoji, right-to-left scripts and their marks), while characters that hide or
 * reorder text are refused with a message naming the character: NUL and the other C0 controls, DEL, the C1 controls,
 * the bidi embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069, and unpaired surrogates.
 * Multi-line fields (descriptions, notes, reasons) also accept tab, line feed and carriage return; single-line fields
 * (names, address lines, identifiers) accept none of them, nor the line/paragraph separators U+2028/U+2029.
 */
import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- matching control characters is this rule's purpose
const REFUSED_ALWAYS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- as above
const REFUSED_IN_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]|\p{Cs}/u;

/** `the control character U+0000`-style name of a refused code point, for messages. */
function describe(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff) return `the unpaired surrogate ${hex}`;
  if (code >= 0x202a && code <= 0x202e) return `the bidi override ${hex}`;
  if (code >= 0x2066 && code <= 0x2069) return `the bidi isolate ${hex}`;
  if (code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) return `a line break or tab (${hex}): it must be one line`;
  return `the control character ${hex}`;
}

/** The message for the first refused character of `value`, or null when the text is acceptable. */
export function refusedCharacter(value: string, multiline: boolean): string | null {
  const match = (multiline ? REFUSED_ALWAYS : REFUSED_IN_ONE_LINE).exec(value);
  if (!match) return null;
  return `must not contain ${describe(match[0])} (character ${match.index + 1})`;
}

/** Required trimmed text of at most `max` characters, on one line (names, address lines, identifiers). */
export function lineText(max: number) {
  return z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`).superRefine(refuse(false));
}

/** Required trimmed text of at most `max` characters that may span lines (descriptions, notes, reasons). */
export function multilineText(max: number) {
  return z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`).superRefine(refuse(true));
}

function refuse(multiline: boolean) {
  return (value: string, ctx: z.RefinementCtx) => {
    const message = refusedCharacter(value, multiline);
    if (message) ctx.addIssue({ code: 'custom', message });
  };
}
