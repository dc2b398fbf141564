import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  intakeScope,
  itemAccount,
  recordItem,
  type NoticePolicies,
} from '../app/record-notices.ts';
import { planIntakeItem, type IntakeItem, type IntakeRecord } from '../domain/plan-notification.ts';
import { makeDecision } from '../test-support/decisions.ts';
import { createNotifierDb, type NotifierDb } from '../test-support/notifier-db.ts';
import { PgOutbox } from './pg-outbox.ts';

// The intake's batch works on a copy of its accounts' state and writes it at the end
// (pg-intake-batch.ts): the same records give the same notices, incidents and causes whether
// they come in one batch or one per batch (each then read back from the database), on the real
// PostgreSQL.

const policies: NoticePolicies = {
  incidents: { windowMs: 30 * 60_000, gatherMs: 0 },
  rateLimit: { maxPerWindow: 2, windowMs: 24 * 3_600_000, exemptKinds: ['access_restored'] },
};

let db: NotifierDb;
let counted: pg.Pool;
let statements = 0;
beforeAll(async () => {
  db = await createNotifierDb();
  // The same schema through a pool that counts every statement its clients send.
  counted = new pg.Pool({ connectionString: db.url, max: 2 });
  counted.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      statements += 1;
      return query(...args);
    };
  });
});
afterAll(async () => {
  await counted?.end();
  await db?.cleanup();
});

const start = Date.now() - 4 * 3_600_000;
const at = (minute: number) => new Date(start + minute * 60_000).toISOString();

/**
 * Every step the incident policy has, for one account: open, list, a replay, a lock that withdraws
 * the unsent "was this you?", superseded, the customer's "yes" closing the incident, a new one,
 * the window running out, the rate limit suppressing, an activity covered by a notice that will
 * never be sent, access restored closing the incident.
 */
function scenario(accountId: string): IntakeRecord[] {
  const decision = (n: number, outcome: 'challenge' | 'block', minute: number): IntakeRecord => ({
    source: 'decision',
    decision: makeDecision({
      accountId,
      decisionId: `dec-${accountId}-${n}`,
      outcome,
      decidedAt: at(minute),
    }),
  });
  /** Legit feedback `n` about decision `about`: the customer's "yes", or a case resolved. */
  const legit = (
    n: number,
    source: 'customer_verification' | 'case_resolution',
    about: number,
    minute: number,
  ): IntakeRecord => ({
    source: 'feedback',
    feedback: {
      schemaVersion: 1,
      feedbackId: `fb-${accountId}-${n}`,
      accountId,
      source,
      verdict: 'legit',
      decisionId: `dec-${accountId}-${about}`,
      occurredAt: at(minute),
    },
  });
  return [
    decision(1, 'challenge', 0),
    decision(2, 'challenge', 1),
    decision(2, 'challenge', 1),
    decision(3, 'block', 3),
    decision(4, 'challenge', 4),
    decision(5, 'block', 5),
    legit(1, 'customer_verification', 1, 6),
    decision(6, 'challenge', 60),
    decision(7, 'challenge', 61),
    decision(8, 'challenge', 120),
    decision(9, 'challenge', 121),
    legit(2, 'case_resolution', 10, 122),
  ];
}

async function record(store: PgOutbox, records: readonly IntakeRecord[]) {
  const items = records.map(planIntakeItem).filter((i): i is IntakeItem => i !== undefined);
  return store.withAccounts(intakeScope(items, policies), async (account) => {
    const done = [];
    for (const item of items)
      done.push(await recordItem(account(itemAccount(item)), item, policies));
    return done;
  });
}

/** Results without ids, comparable across accounts. */
function outcomes(results: Awaited<ReturnType<typeof record>>) {
  return results.map((r) => ({
    outcome: r.outcome,
    ...('kind' in r ? { kind: r.kind } : {}),
    ...('status' in r ? { status: r.status, withdrew: r.withdrew !== undefined } : {}),
    incident: r.outcome === 'duplicate' ? [] : r.incident,
  }));
}

/** The account's rows, ids replaced by what they are (decision number, incident order). */
async function stateOf(accountId: string) {
  const suffix = (decisionId: string | null) => decisionId?.slice(`dec-${accountId}-`.length);
  const { rows: incidents } = await db.pool.query<{
    id: string;
    opened_at: Date;
    last_activity_at: Date;
    locked: boolean;
    closed: boolean;
    closed_by: string | null;
  }>(
    `SELECT id, opened_at, last_activity_at, locked, closed_at IS NOT NULL AS closed, closed_by
       FROM notice_incidents WHERE account_id = $1 ORDER BY opened_at`,
    [accountId],
  );
  const incident = (id: string | null) =>
    id === null ? null : incidents.findIndex((i) => i.id === id);
  const { rows: notices } = await db.pool.query<{
    id: string;
    decision_id: string;
    kind: string;
    status: string;
    incident_id: string | null;
    listed: number;
    activity_count: number;
    last_error: string | null;
    has_decision: boolean;
  }>(
    `SELECT id, decision_id, kind, status, incident_id, jsonb_array_length(activities) AS listed,
            activity_count, last_error, decision IS NOT NULL AS has_decision
       FROM notifications WHERE account_id = $1 ORDER BY decided_at, kind`,
    [accountId],
  );
  const notice = (id: string | null) =>
    suffix(notices.find((n) => n.id === id)?.decision_id ?? null);
  const { rows: causes } = await db.pool.query<{
    cause_id: string;
    kind: string;
    outcome: string;
    incident_id: string | null;
    notification_id: string | null;
    caused_at: Date;
  }>(
    `SELECT cause_id, kind, outcome, incident_id, notification_id, caused_at
       FROM notice_causes WHERE account_id = $1 ORDER BY caused_at, kind`,
    [accountId],
  );
  return {
    incidents: incidents.map(({ id: _id, ...rest }) => rest),
    notices: notices.map((n) => ({
      decision: suffix(n.decision_id),
      kind: n.kind,
      status: n.status,
      incident: incident(n.incident_id),
      listed: n.listed,
      activityCount: n.activity_count,
      lastError: n.last_error?.replace(/[0-9a-f-]{36}/, '<id>') ?? null,
      hasDecision: n.has_decision,
    })),
    causes: causes.map((c) => ({
      cause: suffix(c.cause_id),
      kind: c.kind,
      outcome: c.outcome,
      incident: incident(c.incident_id),
      notice: notice(c.notification_id),
      causedAt: c.caused_at,
    })),
  };
}

describe('the intake batch on PostgreSQL', () => {
  it('records the same whether the records come in one batch, in batches of five or one by one', async () => {
    const store = new PgOutbox(db.pool);
    const [whole, fives, single] = ['whole', 'fives', 'single'].map(
      (name) => `acc-${name}-${Date.now()}`,
    );
    const wholeResults = outcomes(await record(store, scenario(whole!)));
    const fivesResults = [];
    const fivesRecords = scenario(fives!);
    for (let i = 0; i < fivesRecords.length; i += 5)
      fivesResults.push(...outcomes(await record(store, fivesRecords.slice(i, i + 5))));
    const singleResults = [];
    for (const one of scenario(single!))
      singleResults.push(...outcomes(await record(store, [one])));

    expect(fivesResults).toEqual(singleResults);
    expect(wholeResults).toEqual(singleResults);
    const expected = await stateOf(single!);
    expect(await stateOf(fives!)).toEqual(expected);
    expect(await stateOf(whole!)).toEqual(expected);

    // The scenario reached every step it was written for.
    expect(singleResults.map((r) => r.outcome)).toEqual([
      'created',
      'listed',
      'duplicate',
      'created',
      'superseded',
      'listed',
      'answer',
      'created',
      'listed',
      'created',
      'covered',
      'created',
    ]);
    expect(singleResults[3]).toMatchObject({ withdrew: true });
    expect(singleResults[9]).toMatchObject({
      status: 'suppressed',
      incident: ['expired', 'opened'],
    });
    expect(singleResults[11]).toMatchObject({
      kind: 'access_restored',
      incident: ['closed_restored'],
    });
    expect(expected.incidents.map((i) => [i.locked, i.closed_by])).toEqual([
      [true, 'customer_confirmed'],
      [false, 'window'],
      [false, 'access_restored'],
    ]);

    // A replay of everything, in one batch, changes nothing.
    const replay = outcomes(await record(store, scenario(whole!)));
    expect(replay.filter((r) => r.outcome === 'duplicate')).toHaveLength(11);
    expect(await stateOf(whole!)).toEqual(expected);
  });

  it('takes five statements for a batch of causes of several accounts, not a few per cause', async () => {
    const store = new PgOutbox(counted);
    const accounts = [1, 2, 3, 4].map((n) => `acc-count-${n}-${Date.now()}`);
    const records: IntakeRecord[] = accounts.flatMap((accountId) =>
      [0, 1, 2].map((minute) => ({
        source: 'decision' as const,
        decision: makeDecision({ accountId, decidedAt: at(minute) }),
      })),
    );
    statements = 0;
    const results = await record(store, records);
    expect(results.map((r) => r.outcome)).toEqual(
      accounts.flatMap(() => ['created', 'listed', 'listed']),
    );
    // BEGIN, the accounts' locks, the load, the inserts, COMMIT.
    expect(statements).toBe(5);

    // Joining incidents that exist: their activity moves, one statement more.
    statements = 0;
    const later = accounts.map((accountId) => ({
      source: 'decision' as const,
      decision: makeDecision({ accountId, decidedAt: at(3) }),
    }));
    expect((await record(store, later)).map((r) => r.outcome)).toEqual(
      accounts.map(() => 'listed'),
    );
    expect(statements).toBe(6);
  });

  it('holds the unsent notices it may list in until it commits: the dispatcher takes them after, with the activity', async () => {
    const store = new PgOutbox(db.pool);
    const accountId = `acc-held-${Date.now()}`;
    const challenge = (minute: number): IntakeRecord => ({
      source: 'decision',
      decision: makeDecision({ accountId, decidedAt: at(minute) }),
    });
    const [first] = await record(store, [challenge(0)]);
    expect(first).toMatchObject({ outcome: 'created', status: 'pending' });
    const noticeId = first?.outcome === 'created' ? first.noticeId : '';

    // A batch lists an activity in the notice; while it has not committed, the dispatcher's claim
    // passes the notice by instead of sending it without the activity.
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const items = [challenge(1)]
      .map(planIntakeItem)
      .filter((i): i is IntakeItem => i !== undefined);
    const batch = store.withAccounts(intakeScope(items, policies), async (account) => {
      const result = await recordItem(account(accountId), items[0]!, policies);
      await gate;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const claimedMeanwhile = await store.claimDue(100, 60_000);
    expect(claimedMeanwhile.map((row) => row.id)).not.toContain(noticeId);
    release();
    expect(await batch).toMatchObject({ outcome: 'listed' });
    const claimed = (await store.claimDue(100, 60_000)).find((row) => row.id === noticeId);
    expect(claimed?.activityCount).toBe(2);
    expect(claimed?.activities).toHaveLength(1);

    // Claimed (on its way): the next activity is covered by what is being sent, not listed.
    expect(await record(store, [challenge(2)])).toMatchObject([{ outcome: 'covered' }]);
    const { rows } = await db.pool.query<{ activity_count: number }>(
      'SELECT activity_count FROM notifications WHERE id = $1',
      [noticeId],
    );
    expect(rows[0]?.activity_count).toBe(2);
  });
});
