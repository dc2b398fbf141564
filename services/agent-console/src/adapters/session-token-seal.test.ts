import { describe, expect, it } from 'vitest';
import { createTokenSeal } from './session-token-seal.ts';

const secret = 's'.repeat(32);

describe('token seal', () => {
  it('opens what it sealed, and the sealed text shows nothing of the token', () => {
    const seal = createTokenSeal(secret);
    const token = 'agent-token-0123456789abcdef';
    const sealed = seal.seal(token);
    expect(sealed).not.toContain(token);
    expect(seal.open(sealed)).toBe(token);
    // A fresh IV each time: the same token never seals to the same text.
    expect(seal.seal(token)).not.toBe(sealed);
  });

  it('refuses a value sealed under another secret, changed, or cut short', () => {
    const sealed = createTokenSeal(secret).seal('agent-token');
    expect(createTokenSeal('t'.repeat(32)).open(sealed)).toBeUndefined();
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    expect(createTokenSeal(secret).open(bytes.toString('base64url'))).toBeUndefined();
    expect(createTokenSeal(secret).open('c2hvcnQ')).toBeUndefined();
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => createTokenSeal('short')).toThrow(/at least 32 bytes/);
  });
});
