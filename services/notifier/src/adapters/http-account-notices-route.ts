import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AnswerReader, NotificationReader } from '../app/ports.ts';
import { ACCOUNT_NOTICES_MAX, readAccountNotices } from '../app/read-account-notices.ts';
import { toAccountNoticeView } from '../domain/account-notice-view.ts';
import { sendJson } from './http-json.ts';

/** `/internal/v1/accounts/<accountId>/notices`, the account id URL-encoded. */
const ROUTE = /^\/internal\/v1\/accounts\/([^/]+)\/notices$/;

export interface AccountNoticesRouteOptions {
  /** NOTIFIER_READ_TOKEN; undefined turns the route off (404, as if it did not exist). */
  readToken: string | undefined;
  notifications: NotificationReader;
  answers: AnswerReader;
}

const query = z.object({
  limit: z.coerce.number().int().min(1).max(ACCOUNT_NOTICES_MAX).default(ACCOUNT_NOTICES_MAX),
});
const accountId = z.string().trim().min(1).max(128);

/** The account id of a request for this route, or undefined when the path is another's. */
export function accountNoticesPath(pathname: string): string | undefined {
  const match = ROUTE.exec(pathname);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return '';
  }
}

/** Compares digests, so neither the length nor a prefix of the token leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return header !== undefined && timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

/**
 * GET /internal/v1/accounts/<id>/notices?limit=50: the account's notices, newest first, with the
 * customer's answers (the agent console's case page). Bearer NOTIFIER_READ_TOKEN; no contact
 * details, facts or link tokens in the answer (domain/account-notice-view.ts).
 */
export async function handleAccountNotices(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rawAccountId: string,
  options: AccountNoticesRouteOptions,
): Promise<void> {
  if (options.readToken === undefined) return sendJson(res, 404, { error: 'not found' });
  if (!bearerMatches(req.headers.authorization, options.readToken)) {
    res.setHeader('www-authenticate', 'Bearer');
    return sendJson(res, 401, { error: 'unauthorized' });
  }
  const account = accountId.safeParse(rawAccountId);
  const params = query.safeParse(Object.fromEntries(url.searchParams));
  if (!account.success || !params.success)
    return sendJson(res, 400, {
      error: account.success ? `limit must be 1 to ${ACCOUNT_NOTICES_MAX}` : 'bad account id',
    });
  const notices = await readAccountNotices(options, account.data, params.data.limit);
  return sendJson(res, 200, { accountId: account.data, notices: notices.map(toAccountNoticeView) });
}
