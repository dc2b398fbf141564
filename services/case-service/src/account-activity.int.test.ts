import { status } from '@grpc/grpc-js';
import type { RiskDecision } from '@vigil/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgLabelStore } from './adapters/pg-label-store.ts';
import { ledgerEntry } from './domain/decision-ledger.ts';
import { failure, startCaseHarness, type CaseHarness } from './test-support/case-harness.ts';

// GetAccountActivity on a real PostgreSQL schema of this test's own: what the ledger writer keeps
// of a decision (event type, score, reasons in words), read back newest first next to the
// customer's answers and the account's disputes; rows from before the new columns still read.

let h: CaseHarness;
beforeAll(async () => {
  h = await startCaseHarness();
});
afterAll(() => h.close());

const suffix = Math.random().toString(36).slice(2, 8);
const account = `acct-activity-${suffix}`;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString();

function decision(id: string, minute: number, overrides: Partial<RiskDecision> = {}): RiskDecision {
  return {
    schemaVersion: 1,
    decisionId: `${id}-${suffix}`,
    eventId: `evt-${id}-${suffix}`,
    eventType: 'transaction',
    accountId: account,
    occurredAt: at(minute),
    decidedAt: at(minute),
    score: 45,
    outcome: 'challenge',
    reasons: [{ rule: 'amount-1h', score: 45, message: 'JPY 90,000 in 1h over 50,000' }],
    shadowReasons: [],
    ruleSetVersion: 'v1',
    subject: { transactionId: `tx-${id}-${suffix}` },
    ...overrides,
  };
}

describe('GetAccountActivity', () => {
  it('returns flagged decisions with what the timeline shows, answers and disputes, newest first', async () => {
    const labels = createPgLabelStore(h.pg.pool);
    const challenge = decision('d1', 1);
    const review = decision('d2', 5, {
      eventType: 'login',
      outcome: 'review',
      score: 72,
      reasons: [
        { rule: 'new-device', score: 40, message: 'login from a new device' },
        { rule: 'geo-velocity', score: 32, message: 'JP then US within 1h' },
      ],
      shadowReasons: [{ rule: 'tor-exit', score: 10, message: 'Tor' }],
      subject: {},
    });
    const plain = decision('d3', 7, { reasons: [], outcome: 'allow', score: 0 });
    await labels.recordDecisions([
      {
        topic: `decisions-${suffix}`,
        partition: 0,
        records: [challenge, review, plain].map((d, i) => ({
          offset: String(i),
          decidedAt: d.decidedAt,
          entry: ledgerEntry(d),
          payment: undefined,
        })),
      },
    ]);
    // A row kept before the ledger recorded event type, score and reasons.
    await h.pg.pool.query(
      `INSERT INTO decision_ledger (decision_id, event_id, account_id, outcome, rules, shadow_rules, decided_at)
       VALUES ($1, $2, $3, 'block', ARRAY['deny-device'], ARRAY[]::text[], $4)`,
      [`d0-${suffix}`, `evt-d0-${suffix}`, account, at(0)],
    );
    await labels.addEvidence([
      {
        evidenceId: `answer:fb-${suffix}`,
        accountId: account,
        target: { decisionId: challenge.decisionId },
        source: 'customer_answer',
        verdict: 'legit',
        occurredAt: at(3),
      },
    ]);
    await labels.recordDispute(
      {
        schemaVersion: 1,
        disputeId: `dsp-${suffix}`,
        accountId: account,
        transactionId: challenge.subject.transactionId!,
        occurredAt: at(9),
        reasonFamily: 'fraud',
        amount: { minor: 90_000, currency: 'JPY' },
        status: 'opened',
      },
      undefined,
    );

    const activity = await h.client('agent-ann').getAccountActivity({ accountId: account });
    expect(activity.onlyFlaggedDecisions).toBe(true);
    expect(activity.retentionDays).toBe(120);
    expect(activity.decisions.map((d) => d.decisionId)).toEqual([
      review.decisionId,
      challenge.decisionId,
      `d0-${suffix}`,
    ]);
    expect(activity.decisions[0]).toEqual({
      decisionId: review.decisionId,
      eventId: review.eventId,
      eventType: 'login',
      score: 72,
      outcome: 'DECISION_OUTCOME_REVIEW',
      rules: ['new-device', 'geo-velocity'],
      shadowRules: ['tor-exit'],
      reasons: [
        { rule: 'new-device', message: 'login from a new device' },
        { rule: 'geo-velocity', message: 'JP then US within 1h' },
      ],
      decidedAt: at(5),
      _eventType: 'eventType',
      _score: 'score',
    });
    expect(activity.decisions[1]).toMatchObject({ transactionId: challenge.subject.transactionId });
    // The old row: rule ids only.
    expect(activity.decisions[2]).toMatchObject({
      outcome: 'DECISION_OUTCOME_BLOCK',
      rules: ['deny-device'],
      reasons: [],
    });
    expect(activity.decisions[2]?.eventType).toBeUndefined();
    expect(activity.decisions[2]?.score).toBeUndefined();
    expect(activity.answers).toEqual([
      { decisionId: challenge.decisionId, verdict: 'legit', answeredAt: at(3) },
    ]);
    expect(activity.disputes).toEqual([
      {
        disputeId: `dsp-${suffix}`,
        status: 'opened',
        transactionId: challenge.subject.transactionId,
        reasonFamily: 'fraud',
        amountMinor: '90000',
        currency: 'JPY',
        occurredAt: at(9),
      },
    ]);

    const newest = await h.client('sup-sue').getAccountActivity({ accountId: account, limit: 1 });
    expect(newest.decisions.map((d) => d.decisionId)).toEqual([review.decisionId]);
    const other = await h.client('agent-bob').getAccountActivity({ accountId: `none-${suffix}` });
    expect(other).toMatchObject({ decisions: [], answers: [], disputes: [] });
  });

  it('is for agents and supervisors only, and validates the request', async () => {
    const refused = await failure(
      h.client('risk-engine').getAccountActivity({ accountId: account }),
    );
    expect(refused.details.grpcCode).toBe(status.PERMISSION_DENIED);
    const tooMany = await failure(
      h.client('agent-ann').getAccountActivity({ accountId: account, limit: 51 }),
    );
    expect(tooMany.details.grpcCode).toBe(status.INVALID_ARGUMENT);
    expect(tooMany.details.grpcDetails).toMatch(/limit: must be at most 50/);
    const noAccount = await failure(h.client('agent-ann').getAccountActivity({ accountId: ' ' }));
    expect(noAccount.details.grpcDetails).toMatch(/accountId: is required/);
  });
});
