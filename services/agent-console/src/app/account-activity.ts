import { isVigilError } from '@vigil/errors';
import type { AccountActivityView, Section } from '../domain/activity-model.ts';
import { API_ERROR_CODES, type ApiErrorCode } from '../domain/console-model.ts';
import type { NoticeReader, Session } from './ports.ts';

/** How many decisions, answers, disputes and notices the case page lists (each, newest first). */
export const ACTIVITY_LIMIT = 50;

const isApiCode = (code: string): code is ApiErrorCode =>
  (API_ERROR_CODES as readonly string[]).includes(code);

/** A failed source in the API's error words; the cause goes to `onFailure` (the log). */
function failedSection<T>(error: unknown): Section<T> {
  return isVigilError(error) && isApiCode(error.code)
    ? {
        state: 'failed',
        error: { code: error.code, message: error.message, retryable: error.retryable },
      }
    : { state: 'failed', error: { code: 'INTERNAL', message: 'internal error', retryable: false } };
}

async function section<T>(
  load: () => Promise<T>,
  onFailure: (error: unknown) => void,
): Promise<Section<T>> {
  try {
    return { state: 'ok', data: await load() };
  } catch (error) {
    // A session that ended is the page's business (sign in again), not a section's.
    if (isVigilError(error) && error.code === 'UNAUTHENTICATED') throw error;
    onFailure(error);
    return failedSection(error);
  }
}

/**
 * The case page's account activity: the ledger from case-service (as the agent, with their own
 * token: case-service decides whether they may see it) and the notices from the notifier, read at
 * once. Either may fail or be missing without failing the other.
 */
export async function loadAccountActivity(
  deps: {
    session: Session;
    notices: NoticeReader | undefined;
    onFailure: (source: 'case-service' | 'notifier', error: unknown) => void;
  },
  accountId: string,
): Promise<AccountActivityView> {
  const { notices } = deps;
  const [ledger, sent] = await Promise.all([
    section(
      () => deps.session.connection.accountActivity(accountId, ACTIVITY_LIMIT),
      (error) => deps.onFailure('case-service', error),
    ),
    notices === undefined
      ? Promise.resolve({ state: 'not_configured' } as const)
      : section(
          () => notices.accountNotices(accountId, ACTIVITY_LIMIT),
          (error) => deps.onFailure('notifier', error),
        ),
  ]);
  return { accountId, ledger, notices: sent };
}
