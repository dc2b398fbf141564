import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { LinkSigner } from '../app/ports.ts';
import { notifierError } from '../errors.ts';

const payloadSchema = z.object({
  v: z.literal(1),
  n: z.string().min(1).max(64),
  e: z.number().int().positive(),
});

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/**
 * HMAC-SHA256 signed, expiring tokens: `base64url(payload).base64url(mac)`. The first secret signs;
 * every secret verifies, so a key can be rotated without breaking links already in inboxes. The
 * token holds only the notification id and expiry: no account data travels in a URL.
 */
export function createLinkSigner(options: {
  secrets: readonly string[];
  ttlMs: number;
  now?: () => Date;
}): LinkSigner {
  const [current] = options.secrets;
  if (current === undefined)
    throw notifierError('TOKEN_INVALID', 'no signing secret configured', { retryable: false });
  const now = options.now ?? (() => new Date());
  return {
    sign(notificationId) {
      const expiresAt = new Date(now().getTime() + options.ttlMs);
      const payload = Buffer.from(
        JSON.stringify({ v: 1, n: notificationId, e: Math.floor(expiresAt.getTime() / 1000) }),
      ).toString('base64url');
      return { token: `${payload}.${mac(current, payload).toString('base64url')}`, expiresAt };
    },
    verify(token) {
      const invalid = () =>
        notifierError('TOKEN_INVALID', 'verification token is not valid', { retryable: false });
      const [payload, signature, extra] = token.split('.');
      if (payload === undefined || signature === undefined || extra !== undefined || payload === '')
        throw invalid();
      // Compare the encoded text, not decoded bytes: base64url has spare bits in its last
      // character, so several strings decode to the same MAC and a token would be malleable.
      const given = Buffer.from(signature, 'utf8');
      const genuine = options.secrets.some((secret) => {
        const expected = Buffer.from(mac(secret, payload).toString('base64url'), 'utf8');
        return expected.length === given.length && timingSafeEqual(expected, given);
      });
      if (!genuine) throw invalid();
      let claims: z.infer<typeof payloadSchema>;
      try {
        claims = payloadSchema.parse(
          JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
        );
      } catch (cause) {
        throw notifierError('TOKEN_INVALID', 'verification token payload is malformed', {
          retryable: false,
          cause,
        });
      }
      const expiresAt = new Date(claims.e * 1000);
      if (expiresAt.getTime() <= now().getTime()) {
        // The signature is genuine, so the id is ours: the expired page can still be shown in
        // the language of the notice it came from.
        throw notifierError('TOKEN_EXPIRED', 'verification link has expired', {
          retryable: false,
          details: { notificationId: claims.n },
        });
      }
      return { notificationId: claims.n, expiresAt };
    },
  };
}
