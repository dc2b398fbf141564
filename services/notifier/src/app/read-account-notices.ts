import type { AnsweredNotice } from '../domain/account-notice-view.ts';
import type { AnswerReader, NotificationReader } from './ports.ts';

/** The most notices the internal read API returns at once (and its default). */
export const ACCOUNT_NOTICES_MAX = 50;

/** An account's notices, newest first, each with the customer's answer when it got one. */
export async function readAccountNotices(
  deps: { notifications: NotificationReader; answers: AnswerReader },
  accountId: string,
  limit: number,
): Promise<AnsweredNotice[]> {
  const notices = await deps.notifications.listByAccount(accountId, limit);
  const verifications = notices.filter((n) => n.kind === 'verification_request').map((n) => n.id);
  const answers = await deps.answers.answersOf(verifications);
  return notices.map((notice) => ({ notice, answer: answers.get(notice.id) }));
}
