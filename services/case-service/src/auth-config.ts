import { loadConfigFile } from '@vigil/config';
import { VigilError } from '@vigil/errors';
import { tokenList, type TokenEntry } from './adapters/grpc-auth.ts';
import type { CaseServiceEnv } from './env.ts';

/** Reads callers from CASE_AUTH_TOKENS_FILE or CASE_AUTH_TOKENS; errors name fields, never tokens. */
export async function loadTokens(
  env: Pick<CaseServiceEnv, 'CASE_AUTH_TOKENS' | 'CASE_AUTH_TOKENS_FILE'>,
): Promise<TokenEntry[]> {
  if (env.CASE_AUTH_TOKENS_FILE !== undefined)
    return loadConfigFile(env.CASE_AUTH_TOKENS_FILE, tokenList);
  let raw: unknown;
  try {
    raw = JSON.parse(env.CASE_AUTH_TOKENS ?? '');
  } catch {
    throw new VigilError('INVALID_CONFIG', 'CASE_AUTH_TOKENS is not JSON', { retryable: false });
  }
  const parsed = tokenList.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new VigilError('INVALID_CONFIG', `CASE_AUTH_TOKENS: ${problems.join('; ')}`, {
      retryable: false,
    });
  }
  return parsed.data;
}
