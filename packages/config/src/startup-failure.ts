import { isVigilError } from '@vigil/errors';
import type { SettingProblem } from './parse-env.ts';

function settingProblems(
  details: Readonly<Record<string, unknown>> | undefined,
): SettingProblem[] | undefined {
  const settings = details?.settings;
  if (!Array.isArray(settings)) return undefined;
  const valid = settings.every(
    (item: unknown) =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as Record<string, unknown>).setting === 'string' &&
      typeof (item as Record<string, unknown>).message === 'string',
  );
  return valid ? (settings as SettingProblem[]) : undefined;
}

/**
 * What a service writes to stderr when start-up fails, before its logger exists or instead of
 * it: one line per bad setting, naming it, so an operator reads the fix rather than a stack.
 * Only an error Vigil did not classify (a bug) keeps its stack, which is what a developer needs.
 */
export function describeStartupFailure(service: string, error: unknown): string[] {
  if (isVigilError(error)) {
    const settings = error.code === 'INVALID_CONFIG' ? settingProblems(error.details) : undefined;
    if (settings !== undefined) {
      return settings.map(
        ({ setting, message }) => `${service}: invalid setting ${setting}: ${message}`,
      );
    }
    return [`${service}: failed to start: ${error.message} [${error.code}]`];
  }
  if (error instanceof Error)
    return [`${service}: failed to start: ${error.stack ?? error.message}`];
  return [`${service}: failed to start: ${String(error)}`];
}
