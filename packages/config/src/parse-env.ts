import type { z } from 'zod';
import { VigilError } from '@vigil/errors';

/**
 * Validates a service's environment against its zod schema. Called from main.ts with
 * process.env, never at import time, so tests can pass their own source.
 */
export function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  source: Record<string, string | undefined>,
): z.infer<Schema> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new VigilError('INVALID_CONFIG', `invalid environment: ${problems.join('; ')}`, {
    retryable: false,
    details: { problems },
  });
}
