/** MAC normalisation: the four sticker notations to one form; anything else rejected with a reason. */
import { isNormalMac, macDigits, normaliseMac } from '../../../domain/mac';

test.each([
  ['AA:BB:CC:DD:EE:FF'],
  ['aa-bb-cc-dd-ee-ff'],
  ['aabb.ccdd.eeff'],
  ['AABBCCDDEEFF'],
  ['  aA:bB:cC:dD:eE:fF  '],
])('%s normalises to AA:BB:CC:DD:EE:FF', (input) => {
  expect(normaliseMac(input)).toEqual({ ok: true, mac: 'AA:BB:CC:DD:EE:FF' });
});

test.each([
  [''],
  ['AA:BB:CC:DD:EE'],
  ['AA:BB:CC:DD:EE:FF:00'],
  ['GG:BB:CC:DD:EE:FF'],
  ['AA-BB:CC-DD:EE-FF'],
  ['AABB.CCDD.EEF'],
  ['AABBCCDDEEFF0'],
  ['aabb-ccdd-eeff'],
])('%p is rejected with a reason naming the accepted notations', (input) => {
  const result = normaliseMac(input);
  expect(result.ok).toBe(false);
  expect(!result.ok && result.reason).toContain('AA:BB:CC:DD:EE:FF');
});

test('isNormalMac accepts only the normal form', () => {
  expect(isNormalMac('00:15:65:AB:CD:EF')).toBe(true);
  expect(isNormalMac('00:15:65:ab:cd:ef')).toBe(false);
  expect(isNormalMac('001565ABCDEF')).toBe(false);
});

test('macDigits strips the colons', () => {
  expect(macDigits('00:15:65:AB:CD:EF')).toBe('001565ABCDEF');
});
