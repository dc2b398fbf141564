import { describe, expect, it } from 'vitest';
import { seededRandom } from '@vigil/testing';
import type { LedgerRecord, LedgerSlice } from '../app/ports.ts';
import type { LabelEvidence, LabelSource, Verdict } from '../domain/labels.ts';
import { QUALITY_WINDOWS_DAYS, windowStart } from '../domain/rule-quality.ts';
import { createPgLabelStore } from './pg-label-store.ts';
import { ruleCounts } from './pg-rule-quality.ts';
import { migratedSchema } from '../test-support/migrated-schema.ts';
import {
  ruleCountsFromLedger,
  ruleQualityBackfillSql,
} from '../test-support/rule-counts-from-ledger.ts';

// rule_quality_days against the aggregate it replaces, on a real PostgreSQL schema of this
// test's own: random decisions, answers, resolutions and disputes written in random order and
// batches, several transactions at once, evidence before and after the decision it is about,
// redelivered slices; the daily sums must give exactly what the aggregate over the ledger gives.

const DAY = 86_400_000;
const NOW = new Date();
const TODAY = Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate());

const pg = migratedSchema();

type Operation = () => Promise<unknown>;

function operations(seed: number, prefix: string) {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const some = (items: readonly string[]) => items.filter(() => rnd() < 0.3);
  const store = createPgLabelStore(pg().pool);
  const accounts = Array.from({ length: 8 }, (_, i) => `${prefix}-acct-${i}`);
  const decisions: LedgerRecord[] = [];
  const evidence: LabelEvidence[] = [];
  for (let i = 0; i < 200; i++) {
    const accountId = pick(accounts);
    // Up to 40 days back, some exactly on a UTC midnight (a window's first instant) or just before.
    const day = TODAY - Math.floor(rnd() * 40) * DAY;
    const at = pick([day, day - 1, day + Math.floor(rnd() * DAY)]);
    const decisionId = `${prefix}-dec-${i}`;
    // Two decisions may be about one payment (a follow-up): a dispute labels both.
    const transactionId = rnd() < 0.6 ? `${prefix}-tx-${Math.floor(i / 2)}` : undefined;
    const rules = some(['r1', 'r2', 'r3', 'r4']);
    const shadowRules = some(['s1', 'r1']);
    const flagged = rules.length > 0 || shadowRules.length > 0;
    decisions.push({
      offset: '0',
      decidedAt: new Date(at).toISOString(),
      payment: undefined,
      entry: flagged
        ? {
            decisionId,
            eventId: `evt-${decisionId}`,
            eventType: transactionId ? 'transaction' : 'login',
            accountId,
            transactionId,
            outcome: pick(['allow', 'challenge', 'challenge', 'review', 'block']),
            score: 50,
            reasons: rules.map((rule) => ({ rule, message: rule })),
            rules,
            shadowRules,
            decidedAt: new Date(at).toISOString(),
          }
        : undefined,
    });
    const evidenceAt = new Date(at + Math.floor(rnd() * DAY)).toISOString();
    const about = (source: LabelSource, verdict: Verdict, n: number, detail?: string) =>
      evidence.push({
        evidenceId: `${prefix}-ev-${i}-${n}`,
        accountId,
        target:
          source === 'dispute' && transactionId ? { transactionId } : { decisionId: decisionId },
        source,
        verdict,
        detail,
        occurredAt: evidenceAt,
      });
    if (rnd() < 0.5) about('customer_answer', pick(['legit', 'legit', 'fraud']), 0);
    if (rnd() < 0.15) about('customer_answer', 'legit', 1);
    if (rnd() < 0.25) about('case_resolution', pick(['fraud', 'legit']), 2);
    if (transactionId && rnd() < 0.3) {
      about('dispute', 'fraud', 3, 'opened');
      if (rnd() < 0.5) about('dispute', pick(['fraud', 'legit']), 4, pick(['won', 'lost']));
    }
  }
  // Decisions in fetches of a slice of one or both of two partitions (as the label consumer hands
  // them over), each partition's slices one after the other, a fetch at times sent twice (a
  // redelivery: its offsets are below the stored ones and it counts nothing).
  const decisionOps: Operation[] = [];
  const nextOffset = [0, 0];
  const previous: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  const inOrder = (slices: LedgerSlice[]) => () => {
    const done = Promise.all(slices.map((s) => previous[s.partition]!)).then(() =>
      store.recordDecisions(slices),
    );
    for (const s of slices) previous[s.partition] = done;
    return done;
  };
  let from = 0;
  const take = (partition: number): LedgerSlice => {
    const size = 1 + Math.floor(rnd() * 12);
    const records = decisions.slice(from, from + size).map((d) => ({
      ...d,
      offset: String(nextOffset[partition]!++),
    }));
    from += size;
    return { topic: 'decisions', partition, records };
  };
  while (from < decisions.length) {
    const first = rnd() < 0.5 ? 0 : 1;
    const fetch = [take(first)];
    if (rnd() < 0.5 && from < decisions.length) fetch.push(take(1 - first));
    decisionOps.push(inOrder(fetch));
    if (rnd() < 0.2) decisionOps.push(inOrder(fetch));
  }
  // Evidence shuffled, in random batches, some sent twice (idempotent on evidenceId), anywhere
  // among the decisions: before, with or after the decision it is about.
  shuffle(evidence, rnd);
  const ops: Operation[] = [...decisionOps];
  for (let from = 0; from < evidence.length;) {
    const size = 1 + Math.floor(rnd() * 6);
    const batch = evidence.slice(from, from + size);
    from += size;
    ops.push(() => store.addEvidence(batch));
    if (rnd() < 0.1) ops.push(() => store.addEvidence(batch));
  }
  return shuffle(ops, rnd);
}

function shuffle<T>(items: T[], rnd: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const byKey = <T extends { rule: string; mode: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.rule + a.mode < b.rule + b.mode ? -1 : 1));

async function expectSameAsLedger(since: Date): Promise<void> {
  const reference = await ruleCountsFromLedger(pg().pool, since, 1_000);
  const { rules } = await ruleCounts(pg().pool, since, 1_000);
  expect(
    byKey(
      rules.map((r) => ({
        rule: r.rule,
        mode: r.mode,
        hits: r.hits,
        fraud: r.labelledFraud,
        legit: r.labelledLegit,
        challenges: r.challenges,
        it_was_me: r.answeredItWasMe,
      })),
    ),
    `since ${since.toISOString()}`,
  ).toEqual(byKey(reference));
}

describe('rule_quality_days (real PostgreSQL)', () => {
  it('gives what the aggregate over the ledger gives, whatever order and batches the writes come in', async () => {
    for (const seed of [1, 2, 3]) {
      const ops = operations(seed, `q${seed}`);
      // Four transactions at a time: evidence and the decision it is about may commit together.
      for (let i = 0; i < ops.length; i += 4)
        await Promise.all(ops.slice(i, i + 4).map((op) => op()));
      for (const days of [...QUALITY_WINDOWS_DAYS, 45])
        await expectSameAsLedger(windowStart(NOW, days));
    }
    const { rows } = await pg().pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM rule_quality_days',
    );
    expect(rows[0]!.n).toBeGreaterThan(50);
    const labelled = await pg().pool.query<{ fraud: number; legit: number; me: number }>(
      'SELECT sum(fraud)::int AS fraud, sum(legit)::int AS legit, sum(it_was_me)::int AS me FROM rule_quality_days',
    );
    // The history exercises every count: labels of both verdicts and answered challenges.
    expect(labelled.rows[0]!.fraud).toBeGreaterThan(0);
    expect(labelled.rows[0]!.legit).toBeGreaterThan(0);
    expect(labelled.rows[0]!.me).toBeGreaterThan(0);
  });

  it('a decision and the answer about it, committed at the same time, are counted once together', async () => {
    const store = createPgLabelStore(pg().pool);
    const at = new Date(TODAY + 1_000).toISOString();
    // Logins: no payment, so only the decision itself links the two writes.
    const pairs = Array.from({ length: 120 }, (_, i) => {
      const decisionId = `race-dec-${i}`;
      const accountId = `race-acct-${i}`;
      const record: LedgerRecord = {
        offset: String(i),
        decidedAt: at,
        payment: undefined,
        entry: {
          decisionId,
          eventId: `evt-${decisionId}`,
          eventType: 'login',
          accountId,
          transactionId: undefined,
          outcome: 'challenge',
          score: 40,
          reasons: [{ rule: 'race-rule', message: 'new device' }],
          rules: ['race-rule'],
          shadowRules: [],
          decidedAt: at,
        },
      };
      const answer: LabelEvidence = {
        evidenceId: `race-answer-${i}`,
        accountId,
        target: { decisionId },
        source: 'customer_answer',
        verdict: 'legit',
        occurredAt: at,
      };
      return { record, answer };
    });
    for (const [i, { record, answer }] of pairs.entries())
      await Promise.all([
        store.recordDecisions([{ topic: `race-${i}`, partition: 0, records: [record] }]),
        store.addEvidence([answer]),
      ]);
    const { rules } = await ruleCounts(pg().pool, windowStart(NOW, 1), 1_000);
    expect(rules.find((r) => r.rule === 'race-rule')).toMatchObject({
      hits: 120,
      labelledLegit: 120,
      challenges: 120,
      answeredItWasMe: 120,
    });
    await expectSameAsLedger(windowStart(NOW, 1));
  });

  it("the migration's backfill counts an existing ledger as the writes do", async () => {
    const before = await pg().pool.query(
      'SELECT * FROM rule_quality_days ORDER BY day, rule, mode',
    );
    await pg().pool.query('DELETE FROM rule_quality_days');
    await pg().pool.query(ruleQualityBackfillSql());
    const after = await pg().pool.query('SELECT * FROM rule_quality_days ORDER BY day, rule, mode');
    expect(after.rows).toEqual(before.rows);
  });

  it('pruning drops whole days with the ledger rows, and the windows still agree', async () => {
    const store = createPgLabelStore(pg().pool);
    await store.prune(new Date(NOW.getTime() - 35 * DAY));
    const { rows } = await pg().pool.query<{ oldest: string }>(
      "SELECT to_char(min(day), 'YYYY-MM-DD') AS oldest FROM rule_quality_days",
    );
    expect(rows[0]!.oldest >= new Date(TODAY - 35 * DAY).toISOString().slice(0, 10)).toBe(true);
    for (const days of QUALITY_WINDOWS_DAYS) await expectSameAsLedger(windowStart(NOW, days));
  });
});
