import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { TokenAuthenticator, tokenList } from './grpc-auth.ts';

const auth = new TokenAuthenticator([
  { token: 'svc-token-0123456789', principal: 'risk-engine', role: 'service' },
  { token: 'agent-token-0123456789', principal: 'agent-ann', role: 'agent' },
]);
const withHeader = (value?: string) => {
  const md = new Metadata();
  if (value !== undefined) md.set('authorization', value);
  return md;
};

describe('TokenAuthenticator', () => {
  it('resolves a bearer token to its principal and role', () => {
    expect(auth.authenticate(withHeader('Bearer agent-token-0123456789'))).toEqual({
      id: 'agent-ann',
      role: 'agent',
    });
    expect(auth.authenticate(withHeader('bearer svc-token-0123456789'))).toEqual({
      id: 'risk-engine',
      role: 'service',
    });
  });

  it('rejects missing, malformed and unknown tokens as UNAUTHENTICATED without echoing them', () => {
    for (const header of [
      undefined,
      'svc-token-0123456789',
      'Basic abc',
      'Bearer wrong-token-0123456789',
    ]) {
      let caught: unknown;
      try {
        auth.authenticate(withHeader(header));
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
      expect(String((caught as Error).message)).not.toContain('0123456789');
    }
  });

  it('config rejects short, duplicate and role-less tokens', () => {
    expect(tokenList.safeParse([{ token: 'short', principal: 'a', role: 'agent' }]).success).toBe(
      false,
    );
    const dup = { token: 'same-token-0123456789', principal: 'a', role: 'agent' };
    expect(tokenList.safeParse([dup, { ...dup, principal: 'b' }]).success).toBe(false);
    expect(
      tokenList.safeParse([{ token: 'fine-token-0123456789', principal: 'a', role: 'admin' }])
        .success,
    ).toBe(false);
  });
});
