import type pg from 'pg';
import type { OutboxStore, PendingRecord } from '../app/ports.ts';
import { preparedStatement, withTransaction } from '@vigil/postgres';

interface OutboxRow {
  seq: string;
  kind: string;
  message_id: string;
  message_key: string;
  payload: unknown;
}

const RELAY_LOCK = preparedStatement(
  'outbox_relay_lock',
  `SELECT pg_try_advisory_xact_lock(hashtextextended('vigil.outbox.relay:' || current_schema(), 0)) AS held`,
);
const UNSENT = preparedStatement(
  'outbox_unsent',
  `SELECT seq, kind, message_id, message_key, payload FROM outbox
    WHERE sent_at IS NULL AND rejected_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE`,
);
const MARK_SENT = preparedStatement(
  'outbox_mark_sent',
  'UPDATE outbox SET sent_at = clock_timestamp(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])',
);

export function createPgOutboxStore(pool: pg.Pool): OutboxStore {
  return {
    claim: (limit, relay) =>
      withTransaction(pool, async (tx) => {
        // One relay at a time per schema, until this batch is marked: replicas taking batches
        // side by side could publish an account's unlock before its lock. The lock is
        // transaction-scoped, so an idle or crashed relay never holds it.
        const { rows: lock } = await tx.query<{ held: boolean }>(RELAY_LOCK.with([]));
        if (!lock[0]?.held) return 0;
        const { rows } = await tx.query<OutboxRow>(UNSENT.with([limit]));
        if (rows.length === 0) return 0;
        const records: PendingRecord[] = rows.map((row) => ({
          seq: row.seq,
          kind: row.kind,
          messageId: row.message_id,
          key: row.message_key,
          payload: row.payload,
        }));
        const outcome = await relay(records);
        if (outcome.sent.length > 0) {
          await tx.query(MARK_SENT.with([outcome.sent]));
        }
        for (const { seq, error } of outcome.rejected) {
          await tx.query(
            'UPDATE outbox SET rejected_at = clock_timestamp(), last_error = $2 WHERE seq = $1',
            [seq, error],
          );
        }
        if (outcome.failed) {
          await tx.query(
            'UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])',
            [outcome.failed.seqs, outcome.failed.error],
          );
        }
        return rows.length;
      }),
    prune: async (sentBefore, limit) => {
      // Oldest first along the primary key: sent rows are overwhelmingly the low seqs.
      const { rowCount } = await pool.query(
        `DELETE FROM outbox WHERE seq IN (
           SELECT seq FROM outbox WHERE sent_at < $1 ORDER BY seq LIMIT $2)`,
        [sentBefore, limit],
      );
      return rowCount ?? 0;
    },
    pendingCount: async () => {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND rejected_at IS NULL',
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
