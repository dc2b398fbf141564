import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCodePoint } from './code-point-order.ts';

const utf8Order = (a: string, b: string) =>
  Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));

describe('byCodePoint', () => {
  it('orders as UTF-8 bytes do, where UTF-16 code units do not', () => {
    // U+FF21 (3 bytes, EF BC A1) before U+1F600 (4 bytes, F0 9F 98 80); its code unit FF21 is
    // after the surrogate D83D.
    expect('\uff21' < '\u{1f600}').toBe(false);
    expect(byCodePoint('\uff21', '\u{1f600}')).toBeLessThan(0);
    expect(byCodePoint('\u{1f600}', '\uff21')).toBeGreaterThan(0);
  });

  it('is byte order: case, punctuation and prefixes, whatever a locale would say', () => {
    expect(byCodePoint('B', 'a')).toBeLessThan(0);
    expect(byCodePoint('a-c', 'ab')).toBeLessThan(0);
    expect(byCodePoint('ab', 'abc')).toBeLessThan(0);
    expect(byCodePoint('same', 'same')).toBe(0);
  });

  it('agrees with UTF-8 byte order on any strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(byCodePoint(a, b))).toBe(utf8Order(a, b));
      }),
      { numRuns: 2_000 },
    );
  });
});
