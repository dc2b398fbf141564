import { useEffect, useState } from 'react';
import { api, ApiError, type AccountActivityView, type Section } from '../../api-client.ts';

function failed<T>(error: unknown): Section<T> {
  return error instanceof ApiError
    ? {
        state: 'failed',
        error: {
          code: error.code,
          message: error.message,
          retryable: error.code === 'UNAVAILABLE',
        },
      }
    : { state: 'failed', error: { code: 'INTERNAL', message: 'internal error', retryable: false } };
}

/**
 * The account's activity, loaded again whenever `version` changes (after an action on the case).
 * Null while the first load runs; a request that fails altogether fails both sections.
 */
export function useAccountActivity(
  accountId: string,
  version: unknown,
): AccountActivityView | null {
  const [activity, setActivity] = useState<AccountActivityView | null>(null);
  useEffect(() => {
    let current = true;
    api.accountActivity(accountId).then(
      (loaded) => current && setActivity(loaded),
      (error: unknown) =>
        current && setActivity({ accountId, ledger: failed(error), notices: failed(error) }),
    );
    return () => {
      current = false;
    };
  }, [accountId, version]);
  return activity;
}
