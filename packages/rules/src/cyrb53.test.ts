import { describe, expect, it } from 'vitest';
import { cyrb53Begin, cyrb53Digest, cyrb53Feed } from './cyrb53.ts';
import { hashText } from './feature-keys.ts';

describe('cyrb53', () => {
  it('keeps the hashes stored in keys, fingerprints and decision ids', () => {
    // Computed by hashText's one-shot implementation before it was fed text by text.
    expect(hashText('s42-acct-1')).toBe('emk480zr2l');
  });

  it('fed text by text, with a NUL after each, is hashText of the joined text', () => {
    cyrb53Begin();
    cyrb53Feed('ab', true);
    cyrb53Feed('c');
    expect(cyrb53Digest()).toBe(hashText('ab\0c'));
  });
});
