import type { VerificationAnswer } from './verification-answer.ts';
import type { NotificationRecord } from './notification.ts';

/** A notice with the customer's answer to it, if it was a "was this you?" that got one. */
export interface AnsweredNotice {
  notice: NotificationRecord;
  answer: { answer: VerificationAnswer; answeredAt: Date } | undefined;
}

/**
 * What the internal read API tells the agent console about one notice: what was sent, how, in
 * which language, when, for which incident, and the answer. Never the contact details (they live
 * in contact_preferences and are not read here), the facts (device ids, IP), link tokens, or the
 * provider's last error (it may quote an address).
 */
export function toAccountNoticeView({ notice, answer }: AnsweredNotice) {
  return {
    id: notice.id,
    decisionId: notice.decisionId,
    kind: notice.kind,
    channel: notice.channel,
    locale: notice.locale,
    status: notice.status,
    incidentId: notice.incidentId,
    activityCount: notice.activityCount,
    createdAt: notice.createdAt.toISOString(),
    sentAt: notice.sentAt?.toISOString() ?? null,
    answer:
      answer === undefined
        ? null
        : { answer: answer.answer, answeredAt: answer.answeredAt.toISOString() },
  };
}
export type AccountNoticeView = ReturnType<typeof toAccountNoticeView>;
