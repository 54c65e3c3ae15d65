/** The CLI's output fits 100 columns: long values and timeline events wrap under themselves. */
import { keyValues, table, wrapText } from '../../../client/format';

const sentence = 'The defect was reported on 2026-12-01, within the one-year manufacturer\'s warranty (purchased 2026-11-01, covered through 2027-11-01), so we replace the device at no charge with a same or similar grade-A refurbished model.';

describe('CLI output width', () => {
  it('wraps text at spaces and cuts a word longer than the width', () => {
    expect(wrapText('one two three', 7)).toEqual(['one two', 'three']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('', 10)).toEqual(['']);
  });

  it('wraps a key/value block to 100 columns with the value indented under itself', () => {
    const lines = keyValues([['claim', 'RC-1'], ['decision', `approved: ${sentence}`], ['absent', undefined]]).split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(lines[0]).toBe('claim     RC-1');
    expect(lines[2]).toMatch(/^ {10}\S/);
    expect(lines.some((l) => l.startsWith('absent'))).toBe(false);
  });

  it('wraps the last column of a table to the width it is given', () => {
    const out = table([{ at: '2026-12-01T23:34:10.123Z', status: 'awaiting-shipment', event: sentence }], ['at', 'status', 'event'], { width: 100 });
    const lines = out.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(lines[0]).toMatch(/^AT\s+STATUS\s+EVENT$/);
    expect(lines[3]).toMatch(/^ {45}\S/);
    expect(table([{ a: 'x', b: 'y' }], ['a', 'b'])).toBe('A  B\n-  -\nx  y');
  });
});
