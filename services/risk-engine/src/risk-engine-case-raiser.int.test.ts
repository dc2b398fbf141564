import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '@vigil/errors';
import { DECISION_OUTCOME_HEADER, type RiskDecision } from '@vigil/events';
import { parseRuleSet } from '@vigil/rules';
import { uniqueName, waitFor } from '@vigil/testing';
import {
  startCaseHarness,
  type CaseHarness,
} from '@vigil/case-service/src/test-support/case-harness.ts';
import { startCuttableProxy } from '@vigil/case-service/src/test-support/cuttable-proxy.ts';
import { createGrpcCaseGateway, type GrpcCaseGateway } from './adapters/grpc-case-gateway.ts';
import type { CaseGateway } from './app/ports.ts';
import { useEngineHarness } from './test-support/engine-harness.ts';
import { tx } from './test-support/test-payments.ts';

// Cases against a real case-service (its app on PostgreSQL, over gRPC), decisions on the real
// broker, feature state in Redis. Every transaction is blocked: one event, one block, one case.
const RULES = parseRuleSet(`
version: "it-cases-1"
timezone: UTC
combination: noisy_or
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - { id: any-payment, type: velocity, mode: enforce, score: 95, params: { dimension: account, window: 1h, bucket: 5m, filter: { kinds: [transaction] }, tiers: [{ atLeast: 1, outcome: block }] } }
`);

/** Passes RaiseCase on to case-service and notes when each decision's case was acknowledged. */
class AckedCases implements CaseGateway {
  readonly ackedAt = new Map<string, number>();
  constructor(private readonly next: CaseGateway) {}
  async raiseCase(decision: RiskDecision) {
    const result = await this.next.raiseCase(decision);
    this.ackedAt.set(decision.decisionId, Date.now());
    return result;
  }
}

describe('case raising (real case-service, Kafka and Redis)', () => {
  const h = useEngineHarness(RULES);
  let cs: CaseHarness;
  let proxy: Awaited<ReturnType<typeof startCuttableProxy>>;
  const gateways: GrpcCaseGateway[] = [];
  /** RaiseCase straight to case-service, or through the proxy a test can cut. */
  const gateway = (through: 'direct' | 'proxy') => {
    const address = through === 'direct' ? cs.address : `127.0.0.1:${proxy.port}`;
    const created = createGrpcCaseGateway({
      address,
      token: cs.tokens['risk-engine'],
      deadlineMs: 2_000,
    });
    gateways.push(created);
    return created;
  };

  beforeAll(async () => {
    cs = await startCaseHarness();
    proxy = await startCuttableProxy(new URL(`tcp://${cs.address}`));
  });
  afterAll(async () => {
    for (const created of gateways) created.close();
    await proxy?.close();
    await cs?.close();
  });

  /** decisionIds of every alert case-service holds for the account, over all its cases. */
  async function alertsOf(accountId: string): Promise<{ cases: number; decisionIds: string[] }> {
    const agent = cs.client('agent-ann');
    const { cases } = await agent.listCases({ accountId, pageSize: 50 });
    const full = await Promise.all(cases.map((c) => agent.getCase({ caseId: c.caseId })));
    return {
      cases: cases.length,
      decisionIds: full.flatMap((c) => c.alerts.map((a) => a.decisionId)).sort(),
    };
  }
  const decisionsOf = async (accountId: string) =>
    (await h.readRecords<RiskDecision>(h.env.TOPIC_DECISIONS)).filter(
      (r) => r.value.accountId === accountId,
    );
  async function committedOffset(groupId: string, partition: number): Promise<bigint> {
    const admin = h.fx.kafka.admin();
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({ groupId, topics: [h.env.TOPIC_DECISIONS] });
      const found = topic?.partitions.find((p) => p.partition === partition);
      return BigInt(found?.offset ?? '-1');
    } finally {
      await admin.disconnect();
    }
  }

  it('raises a block decision’s case from the decisions topic after publishing it; stopped after RaiseCase but before its offset committed, the next engine raises it again and case-service keeps one alert', async () => {
    const account = uniqueName('replay');
    const direct = gateway('direct');
    let stopping = false;
    let acked!: () => void;
    const firstAck = new Promise<void>((resolve) => (acked = resolve));
    let ackedAt = 0;
    // The case raiser's batch gets its acknowledgement, then the engine stops before the batch
    // resolves: its offset must not commit.
    const stopsBeforeCommit: CaseGateway = {
      async raiseCase(decision) {
        if (stopping)
          throw new VigilError('CASE_SERVICE_UNAVAILABLE', 'engine stopping', { retryable: true });
        const result = await direct.raiseCase(decision);
        if (decision.accountId !== account) return result;
        ackedAt = Date.now();
        acked();
        await new Promise<void>((resolve) => {
          const poll = setInterval(() => stopping && (clearInterval(poll), resolve()), 20);
        });
        throw new VigilError('CASE_SERVICE_UNAVAILABLE', 'stopped before the commit', {
          retryable: true,
        });
      },
    };
    const first = await h.start(stopsBeforeCommit);
    await h.produce(h.env.TOPIC_TRANSACTIONS, [tx(account, 1, 1)]);
    await firstAck;

    const [record] = await decisionsOf(account);
    expect(record!.value.outcome).toBe('block');
    // The outcome in a header too: the raiser reads allow and challenge decisions no further.
    expect(record!.headers[DECISION_OUTCOME_HEADER]).toBe('block');
    // Published first, raised after: the case trails its decision.
    expect(record!.timestamp).toBeLessThanOrEqual(ackedAt);
    expect(await alertsOf(account)).toEqual({ cases: 1, decisionIds: [record!.value.decisionId] });

    stopping = true;
    await h.stop(first);
    const group = h.env.CASE_RAISER_GROUP_ID;
    expect(await committedOffset(group, record!.partition)).toBeLessThanOrEqual(
      BigInt(record!.offset),
    );

    // The next engine reads the decision again and raises it again: case-service dedupes it.
    const again = new AckedCases(direct);
    const second = await h.start(again);
    await waitFor(() => (again.ackedAt.has(record!.value.decisionId) ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the decision raised again after the restart',
    });
    await waitFor(
      async () =>
        (await committedOffset(group, record!.partition)) > BigInt(record!.offset)
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the case raiser to commit past the decision' },
    );
    expect(await alertsOf(account)).toEqual({ cases: 1, decisionIds: [record!.value.decisionId] });
    // Still one decision: raising its case again published nothing.
    expect(await decisionsOf(account)).toHaveLength(1);
    expect(await h.metric(second, 'vigil_risk_cases_raised_total')).toBeGreaterThanOrEqual(1);
    await h.stop(second);
  });

  it('case-service down: decisions are still published, the case raiser stalls and retries, and raises every case once it is back', async () => {
    const accounts = [uniqueName('down-a'), uniqueName('down-b'), uniqueName('down-c')];
    proxy.cut();
    const engine = await h.start(gateway('proxy'));
    await h.produce(
      h.env.TOPIC_TRANSACTIONS,
      accounts.flatMap((account) => [tx(account, 1, 1), tx(account, 2, 2)]),
    );

    // Decided and published while case-service cannot be reached.
    const published = await waitFor(
      async () => {
        const all = (await h.readTopic<RiskDecision>(h.env.TOPIC_DECISIONS)).filter((d) =>
          accounts.includes(d.accountId),
        );
        return all.length === 6 ? all : undefined;
      },
      { timeoutMs: 60_000, what: 'six decisions with case-service down' },
    );
    expect(published.every((d) => d.outcome === 'block')).toBe(true);
    await waitFor(
      async () =>
        (await h.metric(engine, 'vigil_risk_case_raise_failures_total')) >= 2 ? true : undefined,
      { timeoutMs: 30_000, what: 'RaiseCase failing and being retried' },
    );
    // The stalled batch shows as the case raiser's lag; no case yet.
    expect(
      await h.metric(engine, 'vigil_kafka_consumer_lag', { group: h.env.CASE_RAISER_GROUP_ID }),
    ).toBeGreaterThan(0);
    for (const account of accounts) expect((await alertsOf(account)).cases).toBe(0);
    expect(await h.metric(engine, 'vigil_risk_cases_raised_total')).toBe(0);

    proxy.restore();
    for (const account of accounts) {
      const mine = published
        .filter((d) => d.accountId === account)
        .map((d) => d.decisionId)
        .sort();
      const found = await waitFor(
        async () => {
          const alerts = await alertsOf(account);
          return alerts.decisionIds.length >= mine.length ? alerts : undefined;
        },
        { timeoutMs: 90_000, what: `the cases of ${account} once case-service is back` },
      );
      // One case per account, one alert per decision: nothing lost, nothing doubled.
      expect(found).toEqual({ cases: 1, decisionIds: mine });
    }
    // The alerts can be in case-service before the engine has the replies of their calls (a
    // loaded box): the count catches up.
    await waitFor(
      async () =>
        (await h.metric(engine, 'vigil_risk_cases_raised_total')) >= 6 ? true : undefined,
      { timeoutMs: 30_000, what: 'six RaiseCase calls acknowledged' },
    );
    // The outage changed nothing on the decisions topic: each event decided once.
    const after = (await h.readTopic<RiskDecision>(h.env.TOPIC_DECISIONS)).filter((d) =>
      accounts.includes(d.accountId),
    );
    expect(after.map((d) => d.decisionId).sort()).toEqual(
      published.map((d) => d.decisionId).sort(),
    );
    await h.stop(engine);
  });

  it('a decision case-service refuses as invalid goes to the decisions .dlq, and the cases behind it are raised', async () => {
    const account = uniqueName('refused');
    const engine = await h.start(gateway('direct'));
    const flagged = (id: string, reasons: RiskDecision['reasons']): RiskDecision => ({
      schemaVersion: 1,
      decisionId: `dec-${account}-${id}`,
      eventId: `${account}-${id}`,
      eventType: 'transaction',
      accountId: account,
      occurredAt: '2026-11-24T08:00:00.000Z',
      decidedAt: '2026-11-24T08:00:00.010Z',
      score: 95,
      outcome: 'block',
      reasons,
      shadowReasons: [],
      ruleSetVersion: 'it-cases-1',
      subject: {},
    });
    // Valid on the topic, but case-service takes at most 64 reasons: it can never raise this one.
    const refused = flagged(
      'bad',
      Array.from({ length: 65 }, (_, i) => ({ rule: `rule-${i}`, score: 1, message: 'hit' })),
    );
    const behind = flagged('good', [{ rule: 'any-payment', score: 95, message: 'hit' }]);
    await h.produce(h.env.TOPIC_DECISIONS, [refused, behind]); // same key: same partition, in order

    const found = await waitFor(
      async () => {
        const alerts = await alertsOf(account);
        return alerts.decisionIds.length > 0 ? alerts : undefined;
      },
      { timeoutMs: 60_000, what: 'the case of the decision behind the refused one' },
    );
    expect(found).toEqual({ cases: 1, decisionIds: [behind.decisionId] });
    const dead = (await h.readTopic<RiskDecision>(`${h.env.TOPIC_DECISIONS}.dlq`)).filter(
      (d) => d.accountId === account,
    );
    expect(dead.map((d) => d.decisionId)).toEqual([refused.decisionId]);
    expect(
      await h.metric(engine, 'vigil_kafka_dead_letters_total', { code: 'CASE_DECISION_REFUSED' }),
    ).toBe(1);
    await h.stop(engine);
  });

  it('inline: case-service down holds the batch (no decision published); once it is back, the case is acknowledged before its decision is published', async () => {
    const account = uniqueName('inline');
    proxy.cut();
    const cases = new AckedCases(gateway('proxy'));
    const engine = await h.start(cases, {}, { CASE_RAISING: 'inline' });
    await h.produce(h.env.TOPIC_TRANSACTIONS, [tx(account, 1, 1)]);
    await waitFor(
      async () =>
        (await h.metric(engine, 'vigil_risk_case_raise_failures_total')) >= 2 ? true : undefined,
      { timeoutMs: 60_000, what: 'RaiseCase failing and the batch being retried' },
    );
    expect(await decisionsOf(account)).toEqual([]);

    proxy.restore();
    const [decision] = await h.waitForAccount<RiskDecision>(h.env.TOPIC_DECISIONS, account, 1, {
      what: 'the decision once case-service is back',
      timeoutMs: 90_000,
    });
    const [record] = await decisionsOf(account);
    expect(record!.timestamp).toBeGreaterThanOrEqual(cases.ackedAt.get(decision!.decisionId)!);
    expect(await alertsOf(account)).toEqual({ cases: 1, decisionIds: [decision!.decisionId] });
    expect(await h.metric(engine, 'vigil_risk_cases_raised_total')).toBe(1);
    await h.stop(engine);
  });
});
