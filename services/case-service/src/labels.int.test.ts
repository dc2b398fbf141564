import type { DisputeEvent, RiskFeedback } from '@vigil/events';
import { createMetricsRegistry } from '@vigil/observability';
import { uniqueName, waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQualityReport } from './cli/run-quality.ts';
import { decision } from './test-support/case-harness.ts';
import {
  DECISIONS,
  DISPUTES,
  FEEDBACK,
  minutesAgo,
  riskDecision,
  startLabelFixture,
  type LabelFixture,
} from './test-support/label-fixture.ts';

// The label slice on real Kafka and PostgreSQL: decisions, a customer's answer and a fraud
// dispute published to topics of this test's own, read by the real label intake into the real
// case-service schema; then the whole history replayed by a new group, which changes nothing.

let f: LabelFixture;

const suffix = Math.random().toString(36).slice(2, 8);
const acctA = `acct-a-${suffix}`;
const acctB = `acct-b-${suffix}`;
const acctC = `acct-c-${suffix}`;

const reason = (rule: string, score = 20) => ({ rule, score, message: `${rule} fired` });

// A: a review (its case is open), then an allowed payment with an enforce and a shadow hit,
// later disputed as fraud. B: a challenged payment the customer said was theirs. C: nothing fired.
const reviewA = riskDecision({
  decisionId: `dec-a0-${suffix}`,
  accountId: acctA,
  outcome: 'review',
  score: 75,
  reasons: [reason('velocity-card', 75)],
});
const allowedA = riskDecision({
  decisionId: `dec-a1-${suffix}`,
  accountId: acctA,
  outcome: 'allow',
  reasons: [reason('amount-1h')],
  shadowReasons: [reason('new-merchant-high-amount')],
  subject: { transactionId: `tx-a1-${suffix}` },
});
const challengedB = riskDecision({
  decisionId: `dec-b1-${suffix}`,
  accountId: acctB,
  outcome: 'challenge',
  score: 45,
  reasons: [reason('amount-1h', 45)],
});
const plainC = riskDecision({ decisionId: `dec-c1-${suffix}`, accountId: acctC, outcome: 'allow' });

const itWasMe: RiskFeedback = {
  schemaVersion: 1,
  feedbackId: `fb-b1-${suffix}`,
  accountId: acctB,
  source: 'customer_verification',
  verdict: 'legit',
  decisionId: challengedB.decisionId,
  occurredAt: minutesAgo(20),
};
const dispute = (status: DisputeEvent['status'], minutes: number): DisputeEvent => ({
  schemaVersion: 1,
  disputeId: `dsp-a1-${suffix}`,
  accountId: acctA,
  transactionId: `tx-a1-${suffix}`,
  occurredAt: minutesAgo(minutes),
  reasonFamily: 'fraud',
  amount: { minor: 48_000, currency: 'JPY' },
  status,
  merchantId: 'merchant-77',
  bin: '45717360',
});

/** Every row the label slice and the cases hold, to compare before and after a replay. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries({
    ledger: 'SELECT * FROM decision_ledger ORDER BY decision_id',
    counts: 'SELECT * FROM decision_day_counts ORDER BY day',
    payments: 'SELECT * FROM payment_day_counts ORDER BY dimension, key, day',
    evidence:
      'SELECT evidence_id, decision_id, transaction_id, verdict FROM label_evidence ORDER BY 1',
    labels: 'SELECT decision_id, verdict, source, evidence_id, updated_at FROM labels ORDER BY 1',
    disputes: 'SELECT dispute_id, status FROM disputes ORDER BY 1, 2',
    alerts: 'SELECT decision_id, case_id FROM alerts ORDER BY 1',
    cases: 'SELECT id, alert_count, severity FROM cases ORDER BY 1',
    audit: 'SELECT count(*) FROM audit_events',
  }))
    out[name] = (await f.h.pg.pool.query(sql)).rows;
  return out;
}

beforeAll(async () => {
  f = await startLabelFixture();
});
afterAll(() => f?.close());

describe('labels on real Kafka and PostgreSQL', () => {
  it('a fraud dispute labels the allowed payment, joins the case and moves its rules; "it was me" is friction; a replay changes nothing', async () => {
    // The engine raised A's case for the review, as it does over gRPC.
    const { caseId } = await f.h.client('risk-engine').raiseCase(
      decision({
        accountId: acctA,
        decisionId: reviewA.decisionId,
        eventId: reviewA.eventId,
        reasons: [{ rule: 'velocity-card', score: 75, message: 'fired' }],
      }),
    );
    const registry = createMetricsRegistry('labels-test');
    const labels = f.startLabels(f.kafka.groupId, registry);
    // The dispute is published first: its decision reaches the ledger after it (either order labels).
    await f.publish(DISPUTES, [dispute('opened', 10), dispute('lost', 5)]);
    await f.publish(DECISIONS, [reviewA, allowedA, challengedB, plainC]);
    await f.publish(FEEDBACK, [itWasMe]);
    await f.caughtUp(f.kafka.groupId);

    const { rows: labelRows } = await f.h.pg.pool.query<{
      decision_id: string;
      verdict: string;
      source: string;
      evidence_id: string;
    }>('SELECT decision_id, verdict, source, evidence_id FROM labels ORDER BY decision_id');
    expect(labelRows).toEqual([
      {
        decision_id: allowedA.decisionId,
        verdict: 'fraud',
        source: 'dispute',
        evidence_id: `dispute:dsp-a1-${suffix}:lost`,
      },
      {
        decision_id: challengedB.decisionId,
        verdict: 'legit',
        source: 'customer_answer',
        evidence_id: `answer:${itWasMe.feedbackId}`,
      },
    ]);

    // One alert for the dispute (opened and lost are one dispute), on A's open case.
    const detail = await f.h.client('agent-ann').getCase({ caseId });
    expect(detail.summary?.alertCount).toBe(2);
    const disputeAlert = detail.alerts.find((a) => a.decisionId === `dispute:dsp-a1-${suffix}`);
    expect(disputeAlert?.reasons[0]).toMatchObject({
      rule: 'dispute_fraud',
      observed: '48000 JPY',
    });
    expect(disputeAlert?.subject).toMatchObject({ transactionId: `tx-a1-${suffix}` });

    // The report: amount-1h fired on both payments, one fraud one legit; the shadow rule on the
    // disputed one only; B's challenge was answered "it was me". Four decisions in all.
    const lines: string[] = [];
    await runQualityReport({ days: '7', json: true }, (line) => lines.push(line), {
      DATABASE_URL: f.h.pg.url,
      DATABASE_SCHEMA: f.h.pg.schema,
    });
    const report = JSON.parse(lines.join('\n')) as {
      decisions: number;
      rules: Record<string, unknown>[];
      merchants: unknown[];
    };
    expect(report.decisions).toBe(4);
    expect(report.rules).toEqual([
      expect.objectContaining({
        rule: 'amount-1h',
        mode: 'enforce',
        hits: 2,
        labelledFraud: 1,
        labelledLegit: 1,
        precision: 0.5,
        flaggedShare: 0.5,
        challenges: 1,
        friction: 1,
      }),
      expect.objectContaining({ rule: 'velocity-card', mode: 'enforce', hits: 1 }),
      expect.objectContaining({
        rule: 'new-merchant-high-amount',
        mode: 'shadow',
        hits: 1,
        labelledFraud: 1,
        precision: 1,
        flaggedShare: 0.25,
        friction: 0,
      }),
    ]);
    expect(report.merchants).toEqual([{ merchantId: 'merchant-77', disputes: 1, lost: 1 }]);

    // The gauges, once the loop has refreshed.
    const metric = (name: string) => f.metric(registry, name);
    const precision = await waitFor(
      async () =>
        (await metric('vigil_cases_rule_precision')).find(
          (v) => v.labels.rule === 'amount-1h' && v.labels.window === '7d',
        ),
      { what: 'the precision gauge' },
    );
    expect(precision.value).toBe(0.5);
    expect(precision.labels.mode).toBe('enforce');
    expect(
      (await metric('vigil_cases_rule_friction')).find(
        (v) => v.labels.rule === 'amount-1h' && v.labels.window === '30d',
      )?.value,
    ).toBe(1);
    expect(await metric('vigil_cases_fraud_disputes_by_bin')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { bin: '45717360', window: '7d' }, value: 1 }),
      ]),
    );
    expect(await metric('vigil_cases_disputes_total')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { reason_family: 'fraud', status: 'lost' }, value: 1 }),
      ]),
    );

    // Replay: the same records again into the same topics, and the whole history read once
    // more by a second group. Nothing changes, not even a label's updated_at.
    const before = await snapshot();
    await f.publish(DISPUTES, [dispute('opened', 10), dispute('lost', 5)]);
    await f.publish(DECISIONS, [reviewA, allowedA, challengedB, plainC]);
    await f.publish(FEEDBACK, [itWasMe]);
    await f.caughtUp(f.kafka.groupId);
    await labels.stop();
    const replayGroup = uniqueName('group-replay');
    f.startLabels(replayGroup);
    await f.caughtUp(replayGroup);
    const after = await snapshot();
    // Resent records are new offsets: they are counted as decisions (Kafka cannot tell a resend
    // from a new decision), which is the only difference allowed.
    expect({ ...after, counts: [], payments: [] }).toEqual({ ...before, counts: [], payments: [] });
  });
});
