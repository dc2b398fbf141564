import type pg from 'pg';
import { preparedStatement } from '@vigil/postgres';
import { z } from 'zod';
import type {
  AccountNotices,
  IncidentCloser,
  IncidentUpdate,
  RecordedCause,
} from '../app/ports.ts';
import type { OpenIncident } from '../domain/incident-policy.ts';
import {
  NOTIFICATION_KINDS,
  type NotificationFacts,
  type NotificationKind,
} from '../domain/notification.ts';

const CAUSE_RECORDED = preparedStatement(
  'cause_recorded',
  'SELECT 1 FROM notice_causes WHERE cause_id = $1 AND kind = $2',
);
const RECORD_CAUSE = preparedStatement(
  'record_cause',
  `INSERT INTO notice_causes (cause_id, kind, account_id, incident_id, notification_id, outcome, caused_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)`,
);
const OPEN_INCIDENT = preparedStatement(
  'open_incident',
  `SELECT i.id, i.last_activity_at, i.locked,
          COALESCE(json_agg(json_build_object('id', n.id, 'kind', n.kind)) FILTER (WHERE n.id IS NOT NULL), '[]') AS notices
     FROM notice_incidents i LEFT JOIN notifications n ON n.incident_id = i.id
    WHERE i.account_id = $1 AND i.closed_at IS NULL
    GROUP BY i.id`,
);
const OPEN_INCIDENT_OF = preparedStatement(
  'open_incident_of',
  `SELECT i.id FROM notifications n JOIN notice_incidents i ON i.id = n.incident_id
    WHERE n.decision_id = $1 AND n.kind = $2 AND i.closed_at IS NULL`,
);
const CREATE_INCIDENT = preparedStatement(
  'create_incident',
  `INSERT INTO notice_incidents (account_id, opened_at, last_activity_at) VALUES ($1, $2, $2) RETURNING id`,
);
const UPDATE_INCIDENT = preparedStatement(
  'update_incident',
  `UPDATE notice_incidents i
        SET last_activity_at = GREATEST(i.last_activity_at, COALESCE($2, i.last_activity_at)),
            locked = i.locked OR $3,
            closed_at = CASE WHEN $4::text IS NULL OR i.closed_at IS NOT NULL THEN i.closed_at ELSE now() END,
            closed_by = COALESCE(i.closed_by, $4)
       FROM notice_incidents was
      WHERE i.id = $1 AND was.id = $1
    RETURNING i.locked AND NOT was.locked AS locked,
              i.closed_at IS NOT NULL AND was.closed_at IS NULL AS closed`,
);
const ACCEPTED_SINCE = preparedStatement(
  'accepted_since',
  `SELECT count(*) AS n FROM notifications
    WHERE account_id = $1 AND status NOT IN ('suppressed', 'dead')
      AND created_at > now() - $2 * interval '1 millisecond'`,
);
const CREATE_NOTICE = preparedStatement(
  'create_notice',
  `INSERT INTO notifications (decision_id, kind, account_id, status, facts, decision, decided_at, last_error,
                               incident_id, next_attempt_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10 * interval '1 millisecond')
    RETURNING id`,
);
const ADD_ACTIVITY = preparedStatement(
  'add_activity',
  `UPDATE notifications
      SET activities = CASE WHEN jsonb_array_length(activities) + 1 < $3 THEN activities || jsonb_build_array($2::jsonb)
                            ELSE activities END,
          activity_count = activity_count + 1, updated_at = now()
    WHERE id = $1 AND status = 'pending'`,
);
const WITHDRAW_NOTICE = preparedStatement(
  'withdraw_notice',
  `UPDATE notifications SET status = 'suppressed', last_error = $2, updated_at = now()
    WHERE id = $1 AND status = 'pending'`,
);

const openIncidentRow = z.object({
  id: z.string(),
  last_activity_at: z.date(),
  locked: z.boolean(),
  notices: z.array(z.object({ id: z.string(), kind: z.enum(NOTIFICATION_KINDS) })),
});

/**
 * One account's notices and incidents on a client inside the intake's transaction, which holds
 * the account's advisory lock: every read here is current until the commit. The dispatcher does
 * not take that lock, so the two writes it races with (listing an activity, withdrawing a notice)
 * are conditional on the row still being unsent, and say whether it was.
 */
export function pgAccountNotices(client: pg.PoolClient, accountId: string): AccountNotices {
  return {
    async causeRecorded(causeId, kind) {
      const { rowCount } = await client.query(CAUSE_RECORDED.with([causeId, kind]));
      return (rowCount ?? 0) > 0;
    },

    async recordCause(cause: RecordedCause) {
      await client.query(
        RECORD_CAUSE.with([
          cause.causeId,
          cause.kind,
          accountId,
          cause.incidentId ?? null,
          cause.notificationId ?? null,
          cause.outcome,
          cause.causedAt,
        ]),
      );
    },

    async openIncident(): Promise<OpenIncident | undefined> {
      const { rows } = await client.query(OPEN_INCIDENT.with([accountId]));
      if (rows[0] === undefined) return undefined;
      const row = openIncidentRow.parse(rows[0]);
      const notices: Partial<Record<NotificationKind, string>> = {};
      for (const notice of row.notices) notices[notice.kind] = notice.id;
      return { id: row.id, lastActivityAt: row.last_activity_at, locked: row.locked, notices };
    },

    async openIncidentOf(causeId, kind) {
      const { rows } = await client.query<{ id: string }>(OPEN_INCIDENT_OF.with([causeId, kind]));
      return rows[0]?.id;
    },

    async createIncident(openedAt) {
      const { rows } = await client.query<{ id: string }>(
        CREATE_INCIDENT.with([accountId, openedAt]),
      );
      return rows[0]!.id;
    },

    async updateIncident(
      id,
      change: { activityAt?: Date; lock?: boolean; close?: IncidentCloser },
    ) {
      // SET sees the row as it was, RETURNING as it is now: the flags say what this update did.
      const { rows } = await client.query<IncidentUpdate>(
        UPDATE_INCIDENT.with([
          id,
          change.activityAt ?? null,
          change.lock ?? false,
          change.close ?? null,
        ]),
      );
      return rows[0] ?? { locked: false, closed: false };
    },

    async acceptedSince(windowMs) {
      const { rows } = await client.query<{ n: string }>(
        ACCEPTED_SINCE.with([accountId, windowMs]),
      );
      return Number(rows[0]?.n ?? 0);
    },

    async createNotice({ intent, incidentId, status, lastError, sendAfterMs }) {
      const { rows } = await client.query<{ id: string }>(
        CREATE_NOTICE.with([
          intent.decisionId,
          intent.kind,
          accountId,
          status,
          JSON.stringify(intent.facts),
          intent.decision === undefined ? null : JSON.stringify(intent.decision),
          intent.decidedAt,
          lastError,
          incidentId ?? null,
          sendAfterMs,
        ]),
      );
      return rows[0]!.id;
    },

    async addActivity(noticeId, facts: NotificationFacts, maxListed) {
      const { rowCount } = await client.query(
        ADD_ACTIVITY.with([noticeId, JSON.stringify(facts), maxListed]),
      );
      return rowCount === 1 ? 'unsent' : 'sent';
    },

    async withdrawNotice(noticeId, reason) {
      const { rowCount } = await client.query(WITHDRAW_NOTICE.with([noticeId, reason]));
      return rowCount === 1;
    },
  };
}
