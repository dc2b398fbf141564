import type { NotificationRecord } from './notification.ts';

/**
 * The public shape of a row for GET /notifications: delivery state only, no facts or listed
 * activities (they hold IP and device ids) and no decision; which incident it speaks for and how
 * many activities it covers. `nextAttemptAt` only means something while the row waits.
 */
export function toStatusView(record: NotificationRecord) {
  return {
    id: record.id,
    decisionId: record.decisionId,
    kind: record.kind,
    accountId: record.accountId,
    incidentId: record.incidentId,
    activityCount: record.activityCount,
    status: record.status,
    channel: record.channel,
    locale: record.locale,
    attempts: record.attempts,
    nextAttemptAt: record.status === 'pending' ? record.nextAttemptAt.toISOString() : null,
    lastError: record.lastError,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    sentAt: record.sentAt?.toISOString() ?? null,
  };
}
export type NotificationStatusView = ReturnType<typeof toStatusView>;
