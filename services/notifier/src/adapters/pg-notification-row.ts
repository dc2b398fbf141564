import { z } from 'zod';
import { money, riskDecision } from '@vigil/events';
import {
  CHANNELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUSES,
  type NotificationRecord,
} from '../domain/notification.ts';

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
    incident_id: z.string().nullable(),
    activities: z.array(notificationFacts),
    activity_count: z.number().int(),
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
  .transform((row): NotificationRecord => ({
    id: row.id,
    decisionId: row.decision_id,
    kind: row.kind,
    accountId: row.account_id,
    status: row.status,
    facts: row.facts,
    incidentId: row.incident_id,
    activities: row.activities,
    activityCount: row.activity_count,
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
