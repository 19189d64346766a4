/** The CSV formula guard against the tricks spreadsheets fall for: leading blanks, zero-width and full-width signs. */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/shared/csv';

describe('csv formula guard', () => {
  it.each([
    [' =1+1', 'leading space'],
    ['\u00a0+SUM(A1)', 'no-break space'],
    ['\u200b=HYPERLINK("x")', 'zero-width space'],
    ['\ufeff@cmd', 'byte-order mark'],
    ['\u2060-2+3', 'word joiner'],
    ['\uff1dcmd|calc', 'full-width ='],
    ['\uff0b1', 'full-width +'],
    ['\uff0d1', 'full-width -'],
    ['\uff20SUM(A1)', 'full-width @'],
    ['\t=1', 'tab'],
  ])('defuses %j (%s)', (text) => {
    const line = toCsv(['v'], [[text]]).split('\r\n')[1] ?? '';
    expect(line.replace(/^"/, '').startsWith(`'${text.charAt(0)}`)).toBe(true);
  });

  it('leaves ordinary text alone', () => {
    expect(toCsv(['v'], [[' plain'], ['a=b'], ['\u200bword']])).toBe(`v\r\n plain\r\na=b\r\n\u200bword\r\n`);
  });
});
