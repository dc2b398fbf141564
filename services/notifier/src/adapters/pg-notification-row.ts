import { z } from 'zod';
import { money, riskDecision } from '@vigil/events';
import { CHANNELS, NOTIFICATION_KINDS, NOTIFICATION_STATUSES } from '../domain/notification.ts';

const instant = z.union([z.date(), z.string()]).transform((value) => new Date(value));
const nullableInstant = instant.nullable();

export const notificationFacts = z.object({
  eventType: z.enum(['transaction', 'login', 'account_change']).optional(),
  occurredAt: z.string(),
  amount: money.optional(),
  merchantName: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  deviceId: z.string().optional(),
  devicePlatform: z.string().optional(),
  ip: z.string().optional(),
});

/** A notifications row as read back from PostgreSQL, validated (the table is shared with ops tooling). */
export const notificationRow = z
  .object({
    id: z.string(),
    decision_id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    account_id: z.string(),
    status: z.enum(NOTIFICATION_STATUSES),
    facts: notificationFacts,
    decision: riskDecision.nullable(),
    decided_at: instant,
    channel: z.enum(CHANNELS).nullable(),
    locale: z.string().nullable(),
    attempts: z.number().int(),
    next_attempt_at: instant,
    last_error: z.string().nullable(),
    created_at: instant,
    updated_at: instant,
    sent_at: nullableInstant,
  })
  .transform((row) => ({
    id: row.id,
    decisionId: row.decision_id,
    kind: row.kind,
    accountId: row.account_id,
    status: row.status,
    facts: row.facts,
    decision: row.decision,
    decidedAt: row.decided_at,
    channel: row.channel,
    locale: row.locale,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  }));
export type NotificationRecord = z.output<typeof notificationRow>;

/** The public shape of a row for GET /notifications: no facts (they hold IP and device ids). */
export function toStatusView(record: NotificationRecord) {
  return {
    id: record.id,
    decisionId: record.decisionId,
    kind: record.kind,
    accountId: record.accountId,
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
