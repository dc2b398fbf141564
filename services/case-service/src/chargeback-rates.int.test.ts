import type { DisputeEvent, RiskDecision } from '@vigil/events';
import { createMetricsRegistry } from '@vigil/observability';
import { waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgLabelStore } from './adapters/pg-label-store.ts';
import { runQualityReport } from './cli/run-quality.ts';
import { ledgerEntry } from './domain/decision-ledger.ts';
import { disputeEvidence } from './domain/labels.ts';
import { paymentKeys } from './domain/payment-volume.ts';
import { windowStart } from './domain/rule-quality.ts';
import {
  DECISIONS,
  DISPUTES,
  minutesAgo,
  riskDecision,
  startLabelFixture,
  type LabelFixture,
} from './test-support/label-fixture.ts';

// Chargeback rates on real Kafka and PostgreSQL (topics and schema of this test's own): every
// transaction decision is a payment of its BIN and merchant, a fraud dispute on one of them is
// the numerator, and a redelivered decisions topic changes no count.

let f: LabelFixture;
beforeAll(async () => {
  f = await startLabelFixture();
});
afterAll(() => f?.close());

const suffix = Math.random().toString(36).slice(2, 8);
const BIN_X = '45717360';
const BIN_Y = '55000011';
const merchantX = `m-x-${suffix}`;
const merchantY = `m-y-${suffix}`;

function payment(
  name: string,
  bin: string,
  merchantId: string,
  overrides: Partial<RiskDecision> = {},
): RiskDecision {
  return riskDecision({
    decisionId: `dec-${name}-${suffix}`,
    accountId: `acct-${name}-${suffix}`,
    outcome: 'allow',
    subject: { transactionId: `tx-${name}-${suffix}`, bin, merchantId },
    ...overrides,
  });
}

function fraudDispute(
  of: RiskDecision,
  status: DisputeEvent['status'],
  minutes: number,
  reasonFamily: DisputeEvent['reasonFamily'] = 'fraud',
): DisputeEvent {
  return {
    schemaVersion: 1,
    disputeId: `dsp-${of.decisionId}-${reasonFamily}`,
    accountId: of.accountId,
    transactionId: of.subject.transactionId!,
    occurredAt: minutesAgo(minutes),
    reasonFamily,
    amount: { minor: 12_000, currency: 'JPY' },
    status,
    ...(of.subject.bin ? { bin: of.subject.bin } : {}),
    ...(of.subject.merchantId ? { merchantId: of.subject.merchantId } : {}),
  };
}

interface Report {
  chargebackRates: { bins: Record<string, unknown>[]; merchants: Record<string, unknown>[] };
}

async function report(days: number): Promise<Report> {
  const lines: string[] = [];
  await runQualityReport({ days: String(days), json: true }, (line) => lines.push(line), {
    DATABASE_URL: f.h.pg.url,
    DATABASE_SCHEMA: f.h.pg.schema,
  });
  return JSON.parse(lines.join('\n')) as Report;
}

describe('chargeback rates on real Kafka and PostgreSQL', () => {
  it('a fraud dispute on one of two BINs: its rate is disputes / payments, the other 0; a redelivered decisions topic does not move the denominator', async () => {
    // X: two payments, one flagged (kept in the ledger) and later disputed as fraud, one allowed
    // with a consumer dispute (no chargeback for fraud). Y: three payments, no dispute.
    const x1 = payment('x1', BIN_X, merchantX);
    const x2 = payment('x2', BIN_X, merchantX, {
      outcome: 'challenge',
      score: 45,
      reasons: [{ rule: 'amount-1h', score: 45, message: 'amount-1h fired' }],
    });
    const ys = ['y1', 'y2', 'y3'].map((name) => payment(name, BIN_Y, merchantY));
    // Not payments: a login, and a follow-up re-deciding x1 (x1 was counted already).
    const login = riskDecision({
      decisionId: `dec-login-${suffix}`,
      accountId: x1.accountId,
      outcome: 'allow',
      eventType: 'login',
      subject: {},
    });
    const followUp = payment('x1-late', BIN_X, merchantX, {
      accountId: x1.accountId,
      subject: x1.subject,
      followUp: { kind: 'late_event', eventId: x1.eventId, decisionId: x1.decisionId },
    });

    const registry = createMetricsRegistry('chargeback-test');
    const labels = f.startLabels(f.kafka.groupId, registry);
    await f.publish(DECISIONS, [x1, x2, ...ys, login, followUp]);
    await f.publish(DISPUTES, [
      fraudDispute(x2, 'opened', 10),
      fraudDispute(x2, 'lost', 5),
      fraudDispute(x1, 'opened', 10, 'consumer_dispute'),
    ]);
    await f.caughtUp(f.kafka.groupId);

    const expected = {
      bins: [
        { key: BIN_X, disputes: 1, datedByDispute: 0, payments: 2, rate: 0.5 },
        { key: BIN_Y, disputes: 0, datedByDispute: 0, payments: 3, rate: 0 },
      ],
      merchants: [{ key: merchantX, disputes: 1, datedByDispute: 0, payments: 2, rate: 0.5 }],
    };
    expect((await report(7)).chargebackRates).toEqual(expected);

    // The gauges refresh on a timer: one refreshed while the intake was half way (the dispute
    // counted, a payment not yet) shows a passing value, so wait for the settled one.
    const rate = (bin: string, window: string, settled: number) =>
      waitFor(
        async () => {
          const value = (await f.metric(registry, 'vigil_cases_chargeback_rate_by_bin')).find(
            (v) => v.labels.bin === bin && v.labels.window === window,
          )?.value;
          return value === settled ? value : undefined;
        },
        { what: `the chargeback rate gauge of ${bin} ${window} to be ${settled}` },
      );
    expect(await rate(BIN_X, '7d', 0.5)).toBe(0.5);
    expect(await rate(BIN_Y, '30d', 0)).toBe(0);
    expect(await f.metric(registry, 'vigil_cases_payments_by_bin')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { bin: BIN_Y, window: '7d' }, value: 3 }),
      ]),
    );

    // Redelivery: the group's offsets rewound to the start (as after a crash before the commit),
    // the same group reads every decision again. No payment is counted twice.
    const counts = () =>
      f.h.pg.pool
        .query<Record<string, unknown>>(
          'SELECT dimension, key, day, payments FROM payment_day_counts ORDER BY 1, 2, 3',
        )
        .then((r) => r.rows);
    const before = await counts();
    await labels.stop();
    await f.kafka.admin.resetOffsets({
      groupId: f.kafka.groupId,
      topic: f.kafka.topics[DECISIONS]!,
      earliest: true,
    });
    const again = createMetricsRegistry('chargeback-test-again');
    f.startLabels(f.kafka.groupId, again);
    await f.caughtUp(f.kafka.groupId);
    // Every decision was read again by the group…
    expect(await f.metric(again, 'vigil_kafka_records_consumed_total')).toEqual(
      expect.arrayContaining([{ labels: { topic: f.kafka.topics[DECISIONS] }, value: 7 }]),
    );
    // …and counted nothing.
    expect(await counts()).toEqual(before);
    expect((await report(7)).chargebackRates).toEqual(expected);
  });

  it('dates a dispute by its payment when the ledger knows it, else by the dispute; counts each dispute once, a won-only one never', async () => {
    const store = createPgLabelStore(f.h.pg.pool);
    const BIN_Z = '41111111';
    const now = new Date();
    const daysAgo = (days: number) =>
      new Date(windowStart(now, 1).getTime() - days * 86_400_000 + 3_600_000).toISOString();
    const z = (name: string, decidedAt: string, flagged = false) =>
      payment(`${name}-z`, BIN_Z, `m-z-${suffix}`, {
        decidedAt,
        occurredAt: decidedAt,
        ...(flagged ? { reasons: [{ rule: 'velocity-card', score: 30, message: 'fired' }] } : {}),
      });
    // Ten days ago: one flagged payment (the ledger keeps it). Today: three allowed ones.
    const old = z('old', daysAgo(10), true);
    const today = ['t1', 't2', 't3'].map((name) => z(name, daysAgo(0)));
    const records = [old, ...today].map((d, i) => ({
      offset: String(i),
      decidedAt: d.decidedAt,
      entry: ledgerEntry(d),
      payment: paymentKeys(d),
    }));
    await store.recordDecisions([{ topic: `direct-${suffix}`, partition: 0, records }]);
    // The same slice again (a redelivery): nothing more is counted.
    await store.recordDecisions([{ topic: `direct-${suffix}`, partition: 0, records }]);

    const dispute = async (d: DisputeEvent) => store.recordDispute(d, disputeEvidence(d));
    // On the old (known) payment: dated ten days ago, whenever the dispute came.
    await dispute(fraudDispute(old, 'opened', 60));
    await dispute(fraudDispute(old, 'lost', 30));
    // On an allowed payment the ledger never kept: dated by the dispute (today).
    await dispute(fraudDispute(today[0]!, 'opened', 60));
    // Won without an opened record seen: not a chargeback.
    await dispute(fraudDispute(today[1]!, 'won', 60));

    const z7 = (await store.chargebackByBin(windowStart(now, 7), 5)).find((r) => r.key === BIN_Z);
    expect(z7).toEqual({ key: BIN_Z, disputes: 1, datedByDispute: 1, payments: 3 });
    const z30 = (await store.chargebackByBin(windowStart(now, 30), 5)).find((r) => r.key === BIN_Z);
    expect(z30).toEqual({ key: BIN_Z, disputes: 2, datedByDispute: 1, payments: 4 });
    // BINs past the top N are summed as other.
    const every = await store.chargebackByBin(windowStart(now, 30), 100);
    const top1 = await store.chargebackByBin(windowStart(now, 30), 1);
    expect(top1[0]).toEqual(z30);
    const rest = every.slice(1);
    expect(top1.slice(1)).toEqual(
      rest.length === 0
        ? []
        : [
            {
              key: 'other',
              disputes: rest.reduce((n, r) => n + r.disputes, 0),
              datedByDispute: rest.reduce((n, r) => n + r.datedByDispute, 0),
              payments: rest.reduce((n, r) => n + r.payments, 0),
            },
          ],
    );
  });
  it('a declined payment does not lower the rate: approved payments (and decisions without a status) are the denominator, declined ones counted apart', async () => {
    const BIN_W = '52000022';
    const merchantW = `m-w-${suffix}`;
    const w = (name: string, paymentStatus?: 'approved' | 'declined') => {
      const d = payment(`${name}-w`, BIN_W, merchantW);
      return paymentStatus ? { ...d, subject: { ...d.subject, paymentStatus } } : d;
    };
    // One approved payment disputed as fraud, one from a producer before paymentStatus (counts
    // as approved), and three declined attempts on the same BIN and merchant (card testing).
    const approved = w('approved', 'approved');
    const declined = ['d1', 'd2', 'd3'].map((name) => w(name, 'declined'));
    const group = `${f.kafka.groupId}-declined`;
    const labels = f.startLabels(group, createMetricsRegistry('chargeback-declined'));
    await f.publish(DECISIONS, [approved, w('legacy'), ...declined]);
    await f.publish(DISPUTES, [fraudDispute(approved, 'opened', 10)]);
    await f.caughtUp(group);
    await labels.stop();

    const rates = (await report(7)).chargebackRates;
    const expected = { key: BIN_W, disputes: 1, datedByDispute: 1, payments: 2, rate: 0.5 };
    expect(rates.bins.find((r) => r.key === BIN_W)).toEqual(expected);
    expect(rates.merchants.find((r) => r.key === merchantW)).toEqual({
      ...expected,
      key: merchantW,
    });
    const { rows } = await f.h.pg.pool.query<{
      dimension: string;
      payments: string;
      declined: string;
    }>(
      'SELECT dimension, sum(payments) AS payments, sum(declined) AS declined FROM payment_day_counts WHERE key IN ($1, $2) GROUP BY 1 ORDER BY 1',
      [BIN_W, merchantW],
    );
    expect(rows).toEqual([
      { dimension: 'bin', payments: '2', declined: '3' },
      { dimension: 'merchant', payments: '2', declined: '3' },
    ]);
  });
});
