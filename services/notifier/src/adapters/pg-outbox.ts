import type pg from 'pg';
import type {
  AccountNotices,
  IntakeScope,
  NoticeStore,
  NotificationReader,
  OutboxStore,
} from '../app/ports.ts';
import type { Channel, NotificationRecord } from '../domain/notification.ts';
import { loadIntakeBatch } from './pg-intake-batch.ts';
import { notificationRow } from './pg-notification-row.ts';
import { preparedStatement, withTransaction } from '@vigil/postgres';

const COLUMNS = `id, decision_id, kind, account_id, status, facts, incident_id, activities, activity_count, decision,
  decided_at, channel, locale, attempts, next_attempt_at, last_error, created_at, updated_at, sent_at`;

const MARK_SENT = preparedStatement(
  'mark_sent',
  `UPDATE notifications SET status = 'sent', channel = $3, locale = $4, sent_at = now(), updated_at = now(),
          lease_until = NULL, last_error = NULL
    WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
);
const MARK_RETRY = preparedStatement(
  'mark_retry',
  `UPDATE notifications SET status = 'pending', next_attempt_at = now() + $3 * interval '1 millisecond',
          last_error = $4, channel = COALESCE($5, channel), lease_until = NULL, updated_at = now()
    WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
);
const MARK_DEAD = preparedStatement(
  'mark_dead',
  `UPDATE notifications SET status = 'dead', last_error = $3, channel = COALESCE($4, channel),
          lease_until = NULL, updated_at = now()
    WHERE id = $1 AND attempts = $2 AND status = 'sending'`,
);

const CLAIM_DUE = preparedStatement(
  'claim_due',
  `WITH due AS (
      SELECT id FROM notifications
       WHERE (status = 'pending' AND next_attempt_at <= now())
          OR (status = 'sending' AND lease_until < now())
       ORDER BY next_attempt_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED)
    UPDATE notifications n
       SET status = 'sending', attempts = n.attempts + 1, updated_at = now(),
           lease_until = now() + $2 * interval '1 millisecond'
      FROM due WHERE n.id = due.id
    RETURNING ${COLUMNS.split(',')
      .map((column) => `n.${column.trim()}`)
      .join(', ')}`,
);
/**
 * The intake's statements run on cached generic plans on the indexes: every one of them looks
 * rows up by key. Left to choose, PostgreSQL re-planned the state load for every batch (custom
 * plans look cheaper for arrays of a few ids, and planning it costs more than running it), and
 * a generic plan made while a new schema's tables were empty went on scanning them whole as they
 * grew (test/bench/results/notifier-intake.md).
 */
const INTAKE_TRANSACTION = {
  settings: { plan_cache_mode: 'force_generic_plan', enable_seqscan: 'off' },
};

// Each account's intake lock, in the order given (sorted by the caller).
const LOCK_ACCOUNTS = preparedStatement(
  'lock_notice_accounts',
  `SELECT pg_advisory_xact_lock(hashtextextended(a, 7))
    FROM unnest($1::text[]) WITH ORDINALITY AS t(a, n) ORDER BY n`,
);

function parseRows(rows: unknown[]): NotificationRecord[] {
  return rows.map((row) => notificationRow.parse(row));
}

/** The notifications table: record (intake, with incidents), claim and settle (dispatcher), read (status API). */
export class PgOutbox implements NoticeStore, OutboxStore, NotificationReader {
  constructor(private readonly pool: pg.Pool) {}

  /**
   * One transaction for the batch. Each account is held by a transaction-scoped advisory lock, so
   * two consumers (a rebalance overlap) take turns on an account's incident, rate limit and
   * causes; accounts are locked in sorted order so two batches never deadlock. Under the locks the
   * batch reads its state once and writes its changes at the end (loadIntakeBatch): five
   * statements for a batch of new incidents, however many causes it has.
   */
  async withAccounts<T>(
    scope: IntakeScope,
    work: (account: (accountId: string) => AccountNotices) => Promise<T>,
  ): Promise<T> {
    const sorted = [...new Set(scope.accountIds)].sort();
    return withTransaction(
      this.pool,
      async (client) => {
        await client.query(LOCK_ACCOUNTS.with([sorted]));
        const batch = await loadIntakeBatch(client, { ...scope, accountIds: sorted });
        const views = new Map(sorted.map((id) => [id, batch.account(id)]));
        const result = await work((accountId) => {
          const view = views.get(accountId);
          if (view === undefined)
            throw new Error(`account ${accountId} is not held by this transaction`);
          return view;
        });
        await batch.flush();
        return result;
      },
      INTAKE_TRANSACTION,
    );
  }

  /**
   * Claims up to `limit` due rows (FOR UPDATE SKIP LOCKED, so replicas share the work) and leases
   * them: a dispatcher that dies mid-send leaves rows that become due again when the lease ends.
   * The attempt is counted at claim time, so a crash loop still ends in `dead`.
   */
  async claimDue(limit: number, leaseMs: number): Promise<NotificationRecord[]> {
    const { rows } = await this.pool.query(CLAIM_DUE.with([limit, leaseMs]));
    return parseRows(rows);
  }

  /** Settles a claimed attempt; guarded by the attempt number so a stale lease holder changes nothing. */
  async markSent(id: string, attempt: number, channel: Channel, locale: string): Promise<void> {
    await this.pool.query(MARK_SENT.with([id, attempt, channel, locale]));
  }

  async markRetry(
    id: string,
    attempt: number,
    delayMs: number,
    error: string,
    channel: Channel | null,
  ): Promise<void> {
    await this.pool.query(MARK_RETRY.with([id, attempt, delayMs, error.slice(0, 1000), channel]));
  }

  async markDead(
    id: string,
    attempt: number,
    error: string,
    channel: Channel | null,
  ): Promise<void> {
    await this.pool.query(MARK_DEAD.with([id, attempt, error.slice(0, 1000), channel]));
  }

  /** Seconds the oldest unsent row has waited (0 when nothing is waiting): the outbox-age gauge. */
  async oldestPendingAgeSeconds(): Promise<number> {
    const { rows } = await this.pool.query<{ age: number | null }>(
      `SELECT EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age
         FROM notifications WHERE status IN ('pending', 'sending')`,
    );
    return rows[0]?.age ?? 0;
  }

  async get(id: string): Promise<NotificationRecord | undefined> {
    // Ids are uuids; anything else cannot exist (and would make PostgreSQL raise 22P02).
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      return undefined;
    const { rows } = await this.pool.query(`SELECT ${COLUMNS} FROM notifications WHERE id = $1`, [
      id,
    ]);
    return parseRows(rows)[0];
  }

  async decisionsCovered(notificationId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ cause_id: string }>(
      `SELECT cause_id FROM notice_causes
        WHERE notification_id = $1 AND outcome IN ('created', 'listed', 'covered')
        ORDER BY cause_id COLLATE "C"`,
      [notificationId],
    );
    return rows.map((row) => row.cause_id);
  }

  async listByAccount(accountId: string, limit: number): Promise<NotificationRecord[]> {
    const { rows } = await this.pool.query(
      `SELECT ${COLUMNS} FROM notifications WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [accountId, limit],
    );
    return parseRows(rows);
  }
}
