import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifierDb, type NotifierDb } from '../test-support/notifier-db.ts';
import { createPgNoticeRetention } from './pg-notice-retention.ts';

// Retention on a real PostgreSQL schema of this test's own (the service's migrations): rows
// written as the intake, dispatcher and verification pages leave them, some past the cutoff.

const DAY = 86_400_000;
const NOW = Date.now();
const OLD = new Date(NOW - 100 * DAY);
const RECENT = new Date(NOW - DAY);
const CUTOFF = new Date(NOW - 90 * DAY);

let db: NotifierDb;
beforeAll(async () => {
  db = await createNotifierDb();
});
afterAll(() => db?.cleanup());

async function incident(account: string, lastActivity: Date, closed: boolean): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO notice_incidents (account_id, opened_at, last_activity_at, closed_at, closed_by)
     VALUES ($1, $2, $2, $3, $4) RETURNING id`,
    [account, lastActivity, closed ? lastActivity : null, closed ? 'window' : null],
  );
  return rows[0]!.id;
}

async function notice(
  decisionId: string,
  status: string,
  created: Date,
  incidentId: string,
): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO notifications (decision_id, kind, account_id, status, facts, decided_at, created_at, incident_id)
     VALUES ($1, 'verification_request', $2, $3, '{}'::jsonb, $4, $4, $5) RETURNING id`,
    [decisionId, `acct-${decisionId}`, status, created, incidentId],
  );
  return rows[0]!.id;
}

async function cause(
  causeId: string,
  at: Date,
  incidentId: string,
  notificationId: string | null,
): Promise<void> {
  await db.pool.query(
    `INSERT INTO notice_causes (cause_id, kind, account_id, incident_id, notification_id, outcome, caused_at)
     VALUES ($1, 'verification_request', $2, $3, $4, $5, $6)`,
    [
      causeId,
      `acct-${causeId}`,
      incidentId,
      notificationId,
      notificationId ? 'created' : 'superseded',
      at,
    ],
  );
}

async function answer(notificationId: string, said: 'yes' | 'no', caseId: string | null) {
  await db.pool.query(
    'INSERT INTO verification_answers (notification_id, answer, case_id) VALUES ($1, $2, $3)',
    [notificationId, said, caseId],
  );
}

const ids = async (sql: string) =>
  (await db.pool.query<{ id: string }>(sql)).rows.map((r) => r.id).sort();

describe('notice retention (real PostgreSQL)', () => {
  it('deletes settled notices past the cutoff with their answers, causes and incidents, and keeps what may still act', async () => {
    // Settled long ago: a sent notice answered "yes", a suppressed one whose "not me" raised its case.
    const i1 = await incident('a1', OLD, true);
    const sent = await notice('d-sent', 'sent', OLD, i1);
    await cause('d-sent', OLD, i1, sent);
    await answer(sent, 'yes', null);
    const i4 = await incident('a4', OLD, true);
    const suppressed = await notice('d-suppressed', 'suppressed', OLD, i4);
    await answer(suppressed, 'no', 'case-1');
    await cause('d-suppressed', OLD, i4, suppressed);
    // Old but not settled: still pending, and dead with a "not me" whose case is not raised yet.
    const i2 = await incident('a2', OLD, false);
    const pending = await notice('d-pending', 'pending', OLD, i2);
    const i3 = await incident('a3', OLD, true);
    const waiting = await notice('d-waiting', 'dead', OLD, i3);
    await answer(waiting, 'no', null);
    // Recent.
    const i5 = await incident('a5', RECENT, false);
    const recent = await notice('d-recent', 'sent', RECENT, i5);
    await cause('d-recent', RECENT, i5, recent);
    // A cause superseded by a lock long ago (no notice of its own), its incident then unused.
    const i6 = await incident('a6', OLD, false);
    await cause('d-superseded', OLD, i6, null);
    // An incident is deleted only once none of its causes is left (one per pass here).
    const older = (ms: number) => new Date(OLD.getTime() - DAY + ms);
    const i7 = await incident('a7', older(1_000), true);
    await cause('d-superseded-2', older(0), i7, null);
    await cause('d-superseded-3', older(1_000), i7, null);

    const store = createPgNoticeRetention(db.pool);
    const total = { notifications: 0, answers: 0, causes: 0, incidents: 0 };
    // One row per table and transaction: the loop's "again while full" until nothing is left.
    for (let pass = 0; pass < 20; pass++) {
      const pruned = await store.pruneBefore(CUTOFF, 1);
      for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += pruned[key];
      if (Math.max(pruned.notifications, pruned.causes, pruned.incidents) < 1) break;
    }

    expect(total).toEqual({ notifications: 2, answers: 2, causes: 5, incidents: 4 });
    expect(await ids('SELECT id FROM notifications')).toEqual([pending, waiting, recent].sort());
    expect(await ids('SELECT notification_id AS id FROM verification_answers')).toEqual([waiting]);
    expect(await ids('SELECT cause_id AS id FROM notice_causes')).toEqual(['d-recent']);
    expect(await ids('SELECT id FROM notice_incidents')).toEqual([i2, i3, i5].sort());
    // Nothing more to do: a second sweep deletes nothing.
    expect(await store.pruneBefore(CUTOFF, 100)).toEqual({
      notifications: 0,
      answers: 0,
      causes: 0,
      incidents: 0,
    });
  });
});
