import type pg from 'pg';
import { withTransaction, type Tx } from '@vigil/postgres';
import type { NoticeRetentionStore, PrunedNotices } from '../app/ports.ts';

/**
 * Deletes what is past retention, a bounded batch per table in one short transaction, children
 * before parents (foreign keys): notices created before `before` that are settled (sent,
 * suppressed, dead: not one the dispatcher may still send, nor one whose "not me" still waits to
 * raise its case) with their answers and causes; then causes recorded for decisions before
 * `before` (a superseded cause has no notice); then incidents whose last activity is before
 * `before` and that nothing kept refers to. Indexes of migration 1766000000000 keep each step
 * off a full scan.
 */
export function createPgNoticeRetention(pool: pg.Pool): NoticeRetentionStore {
  return {
    pruneBefore: (before, limit) =>
      withTransaction(pool, async (tx): Promise<PrunedNotices> => {
        const { rows: notices } = await tx.query<{ id: string }>(
          `SELECT n.id FROM notifications n
           WHERE n.created_at < $1 AND n.status IN ('sent', 'suppressed', 'dead')
             AND NOT EXISTS (
               SELECT 1 FROM verification_answers a
               WHERE a.notification_id = n.id AND a.answer = 'no' AND a.case_id IS NULL)
           ORDER BY n.created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [before, limit],
        );
        const ids = notices.map((n) => n.id);
        let causes = 0;
        let answers = 0;
        if (ids.length > 0) {
          causes += await deleted(
            tx,
            'DELETE FROM notice_causes WHERE notification_id = ANY($1::uuid[])',
            [ids],
          );
          answers = await deleted(
            tx,
            'DELETE FROM verification_answers WHERE notification_id = ANY($1::uuid[])',
            [ids],
          );
          await tx.query('DELETE FROM notifications WHERE id = ANY($1::uuid[])', [ids]);
        }
        causes += await deleted(
          tx,
          `DELETE FROM notice_causes WHERE ctid IN (
             SELECT ctid FROM notice_causes WHERE caused_at < $1 ORDER BY caused_at LIMIT $2)`,
          [before, limit],
        );
        const incidents = await deleted(
          tx,
          `DELETE FROM notice_incidents WHERE id IN (
             SELECT i.id FROM notice_incidents i
             WHERE i.last_activity_at < $1
               AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.incident_id = i.id)
               AND NOT EXISTS (SELECT 1 FROM notice_causes c WHERE c.incident_id = i.id)
             ORDER BY i.last_activity_at LIMIT $2)`,
          [before, limit],
        );
        return { notifications: ids.length, answers, causes, incidents };
      }),
  };
}

async function deleted(tx: Tx, sql: string, values: unknown[]): Promise<number> {
  return (await tx.query(sql, values)).rowCount ?? 0;
}
