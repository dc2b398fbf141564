import type { z } from 'zod';
import { VigilError } from '@vigil/errors';

/** One bad setting: its variable name and what is wrong with it, for a one-line report. */
export interface SettingProblem {
  setting: string;
  message: string;
}

function problemOf(
  issue: z.core.$ZodIssue,
  source: Record<string, string | undefined>,
): SettingProblem {
  const setting = issue.path.map(String).join('.') || '(root)';
  // zod says "expected string, received undefined"; an operator needs "you did not set it".
  const missing =
    issue.code === 'invalid_type' && issue.path.length === 1 && source[setting] === undefined;
  return { setting, message: missing ? 'required, not set' : issue.message };
}

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
  const settings = result.error.issues.map((issue) => problemOf(issue, source));
  const problems = settings.map(({ setting, message }) => `${setting}: ${message}`);
  throw new VigilError('INVALID_CONFIG', `invalid environment: ${problems.join('; ')}`, {
    retryable: false,
    details: { problems, settings },
  });
}
