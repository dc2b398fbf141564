import { describe, expect, it } from 'vitest';
import { createLinkSigner } from './hmac-link-signer.ts';

const id = '0b6f3f2e-8d7c-4d2a-9a51-3b1c2d4e5f60';

function clock(start: string) {
  let now = new Date(start);
  return { now: () => now, advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
}

describe('link signer', () => {
  it('round-trips the notification id until the link expires', () => {
    const time = clock('2026-11-24T07:00:00.000Z');
    const signer = createLinkSigner({ secrets: ['s3cret'], ttlMs: 60_000, now: time.now });
    const { token, expiresAt } = signer.sign(id);
    expect(expiresAt.toISOString()).toBe('2026-11-24T07:01:00.000Z');
    expect(signer.verify(token)).toEqual({ notificationId: id, expiresAt });
    time.advance(60_000);
    expect(() => signer.verify(token)).toThrowError(
      expect.objectContaining({ code: 'TOKEN_EXPIRED', details: { notificationId: id } }) as Error,
    );
  });

  it('rejects a token whose payload was changed (another notification, a later expiry)', () => {
    const signer = createLinkSigner({ secrets: ['s3cret'], ttlMs: 60_000 });
    const { token } = signer.sign(id);
    const [, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ v: 1, n: 'someone-else', e: 9_999_999_999 }),
    ).toString('base64url');
    expect(() => signer.verify(`${forged}.${signature}`)).toThrowError(
      expect.objectContaining({ code: 'TOKEN_INVALID', retryable: false }) as Error,
    );
  });

  it('rejects a changed signature, a foreign key and garbage', () => {
    const signer = createLinkSigner({ secrets: ['s3cret'], ttlMs: 60_000 });
    const { token } = signer.sign(id);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const foreign = createLinkSigner({ secrets: ['other'], ttlMs: 60_000 }).sign(id).token;
    for (const bad of [flipped, foreign, '', 'abc', `${token}.x`, '.']) {
      expect(() => signer.verify(bad), bad).toThrowError(
        expect.objectContaining({ code: 'TOKEN_INVALID' }) as Error,
      );
    }
  });

  it('still accepts links signed with the previous secret after a rotation', () => {
    const old = createLinkSigner({ secrets: ['old'], ttlMs: 60_000 }).sign(id).token;
    const rotated = createLinkSigner({ secrets: ['new', 'old'], ttlMs: 60_000 });
    expect(rotated.verify(old).notificationId).toBe(id);
  });
});
