import { z } from 'zod';
import type { NoticeReader } from '../app/ports.ts';
import { consoleError } from '../domain/console-errors.ts';
import { NOTICE_KINDS, NOTICE_STATUSES, type NoticeView } from '../domain/activity-model.ts';

export interface NotifierNoticesOptions {
  /** The notifier's HTTP base URL (NOTIFIER_URL). */
  baseUrl: string;
  /** NOTIFIER_READ_TOKEN, sent as a bearer token. */
  token: string;
  deadlineMs: number;
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

const notice = z.object({
  id: z.string(),
  decisionId: z.string(),
  kind: z.enum(NOTICE_KINDS),
  channel: z.string().nullable(),
  locale: z.string().nullable(),
  status: z.enum(NOTICE_STATUSES),
  incidentId: z.string().nullable(),
  activityCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  answer: z.object({ answer: z.enum(['yes', 'no']), answeredAt: z.string() }).nullable(),
}) satisfies z.ZodType<NoticeView>;
const answer = z.object({ notices: z.array(notice) });

const unavailable = (cause: unknown) =>
  consoleError('UNAVAILABLE', 'the notifier is unavailable', { cause });

/**
 * The notifier's internal read API (GET /internal/v1/accounts/<id>/notices). An outage, a
 * timeout or a 5xx is UNAVAILABLE (retryable); a refusal (wrong token, the route off) or an
 * answer of another shape is INTERNAL: a configuration to fix, not something to retry.
 */
export function httpNoticeReader(options: NotifierNoticesOptions): NoticeReader {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async accountNotices(accountId, limit) {
      const url = `${base}/internal/v1/accounts/${encodeURIComponent(accountId)}/notices?limit=${limit}`;
      let response: Response;
      try {
        response = await doFetch(url, {
          headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(options.deadlineMs),
        });
      } catch (error) {
        throw unavailable(error);
      }
      if (response.status >= 500 || response.status === 429)
        throw unavailable(new Error(`notifier answered ${response.status}`));
      if (!response.ok)
        throw consoleError('INTERNAL', `the notifier refused the read (${response.status})`);
      const parsed = answer.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success)
        throw consoleError('INTERNAL', 'the notifier answered in an unknown shape', {
          cause: parsed.error,
        });
      return parsed.data.notices;
    },
  };
}
