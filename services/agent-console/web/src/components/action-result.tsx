import { ApiError } from '../api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';

export type Outcome = { ok: true; message: string } | { ok: false; error: unknown } | null;

/** An action's result or the server's refusal, announced to screen readers as it appears. */
export function ActionResult({ outcome, testId }: { outcome: Outcome; testId: string }) {
  const { t } = useI18n();
  if (outcome === null)
    return <p className="result" role="status" aria-live="polite" data-testid={testId} />;
  if (outcome.ok)
    return (
      <p className="result ok" role="status" aria-live="polite" data-testid={testId}>
        {outcome.message}
      </p>
    );
  return (
    <p className="result error" role="alert" data-testid={testId}>
      {describeError(t, outcome.error)}
    </p>
  );
}

export function describeError(t: ReturnType<typeof useI18n>['t'], error: unknown): string {
  if (error instanceof ApiError) return t(`error.${error.code}`, { message: error.message });
  return t('error.INTERNAL');
}
