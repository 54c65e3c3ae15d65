/** The shared free-text rule (schemas/text.ts) and the JSON shape limits (schemas/json-shape.ts). */
import { jsonShapeProblem, MAX_JSON_DEPTH } from '../../../schemas/json-shape';
import { lineText, multilineText, refusedCharacter } from '../../../schemas/text';

describe('free text', () => {
  it('keeps ordinary Unicode: accents, CJK, emoji, right-to-left text and its marks', () => {
    for (const text of ['Zoë Ñúñez', '山田太郎', 'Audio 🔇 then 🔁', 'שלום עולם', 'مرحبا\u200F', 'Straße №5 — “quoted”']) {
      expect({ text, line: refusedCharacter(text, false), multi: refusedCharacter(text, true) }).toEqual({ text, line: null, multi: null });
    }
  });

  it('refuses NUL, C0 and C1 controls, DEL, bidi overrides and isolates, and unpaired surrogates, naming the character and where', () => {
    expect(refusedCharacter('ab\u0000c', true)).toBe('must not contain the control character U+0000 (character 3)');
    expect(refusedCharacter('\u001b[31mred', true)).toBe('must not contain the control character U+001B (character 1)');
    expect(refusedCharacter('x\u007f', true)).toBe('must not contain the control character U+007F (character 2)');
    expect(refusedCharacter('x\u0085', true)).toBe('must not contain the control character U+0085 (character 2)');
    expect(refusedCharacter('invoice\u202Efdp.exe', true)).toBe('must not contain the bidi override U+202E (character 8)');
    for (const bidi of ['\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069']) expect(refusedCharacter(`a${bidi}b`, true)).toMatch(/^must not contain the bidi (override|isolate) U\+20/);
    expect(refusedCharacter('half \ud83d pair', true)).toBe('must not contain the unpaired surrogate U+D83D (character 6)');
  });

  it('lets multi-line fields have tabs and line breaks, and keeps single-line fields on one line', () => {
    expect(refusedCharacter('first line\nsecond\r\n\tindented', true)).toBeNull();
    expect(refusedCharacter('Dana\nWhitfield', false)).toBe('must not contain a line break or tab (U+000A): it must be one line (character 5)');
    expect(refusedCharacter('Dana\tW', false)).toMatch(/U\+0009/);
    expect(refusedCharacter('Dana\u2028W', false)).toMatch(/U\+2028/);
  });

  it('is what lineText and multilineText apply, after trimming and the length limits', () => {
    expect(lineText(10).safeParse('  Zoë  ').data).toBe('Zoë');
    expect(lineText(10).safeParse('a\u0000').error?.issues.map((i) => i.message)).toEqual(['must not contain the control character U+0000 (character 2)']);
    expect(multilineText(50).safeParse('one\ntwo').data).toBe('one\ntwo');
    expect(multilineText(5).safeParse('toolong').error?.issues.map((i) => i.message)).toEqual(['must be at most 5 characters']);
  });
});

describe('JSON shape', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  it('accepts ordinary bodies and nesting up to the limit', () => {
    expect(jsonShapeProblem({ shipTo: { name: 'x' }, tags: [1, [2, { b: null }]] })).toBeNull();
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses nesting past the limit, naming where, without recursing (100,000 levels)', () => {
    expect(jsonShapeProblem(nested(MAX_JSON_DEPTH + 1))).toEqual({ field: Array(MAX_JSON_DEPTH).fill('a').join('.'), message: 'is nested deeper than 64 levels' });
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonShapeProblem(deep)?.message).toBe('is nested deeper than 64 levels');
  });

  it('refuses __proto__ and constructor keys at any depth, naming the key', () => {
    expect(jsonShapeProblem(JSON.parse('{"a":[{"__proto__":{"x":1}}]}'))).toEqual({ field: 'a.0.__proto__', message: 'key "__proto__" is not accepted in JSON (refused: __proto__, constructor)' });
    expect(jsonShapeProblem({ shipTo: { constructor: 'x' } })?.field).toBe('shipTo.constructor');
  });
});
