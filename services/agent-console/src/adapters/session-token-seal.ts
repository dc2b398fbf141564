import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { VigilError } from '@vigil/errors';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals an agent's token for a shared session store (AES-256-GCM under a key derived from
 * SESSION_SECRET): a dump of the store, a replica's snapshot or a MONITOR session shows no token
 * that could call case-service. Tampering or another secret fails to open, as an unknown session.
 */
export interface TokenSeal {
  seal(token: string): string;
  /** The token, or undefined when the sealed value was not made with this secret. */
  open(sealed: string): string | undefined;
}

export function createTokenSeal(secret: string): TokenSeal {
  if (Buffer.byteLength(secret) < 32)
    throw new VigilError('INVALID_CONFIG', 'SESSION_SECRET must be at least 32 bytes', {
      retryable: false,
    });
  const key = Buffer.from(
    hkdfSync('sha256', secret, 'vigil-agent-console', 'session token seal', 32),
  );
  return {
    seal(token) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const body = bytes.subarray(IV_BYTES + TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        // Authentication failed: another secret, or bytes changed in the store.
        return undefined;
      }
    },
  };
}
