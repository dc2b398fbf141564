import { createHash } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import { z } from 'zod';
import { ROLES, type Principal } from '../domain/case-model.ts';
import { caseError } from '../domain/case-errors.ts';

/** One caller: a bearer token, the principal id it stands for, and that principal's role. */
export const tokenEntry = z.object({
  token: z.string().min(16, 'tokens need at least 16 characters'),
  principal: z.string().min(1).max(128),
  role: z.enum(ROLES),
});
export const tokenList = z
  .array(tokenEntry)
  .min(1)
  .refine(
    (entries) => new Set(entries.map((e) => e.token)).size === entries.length,
    'tokens must be unique',
  );
export type TokenEntry = z.infer<typeof tokenEntry>;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Resolves `authorization: Bearer <token>` to a principal. Only token digests are kept, and the
 * token itself is never put in an error or a log line.
 */
export class TokenAuthenticator {
  private readonly principals = new Map<string, Principal>();

  constructor(entries: readonly TokenEntry[]) {
    for (const entry of entries)
      this.principals.set(digest(entry.token), { id: entry.principal, role: entry.role });
  }

  authenticate(metadata: Metadata): Principal {
    const values = metadata.get('authorization');
    const header = values[0];
    if (values.length !== 1 || typeof header !== 'string') {
      throw caseError('UNAUTHENTICATED', 'missing "authorization: Bearer <token>" metadata');
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!match?.[1])
      throw caseError('UNAUTHENTICATED', 'authorization metadata must be "Bearer <token>"');
    const principal = this.principals.get(digest(match[1]));
    if (!principal) throw caseError('UNAUTHENTICATED', 'unknown bearer token');
    return principal;
  }
}
