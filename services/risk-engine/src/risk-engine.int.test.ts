import { describe, expect, it } from 'vitest';
import {
  riskDecision,
  type AccountCommand,
  type LoginEvent,
  type RiskDecision,
  type TransactionEvent,
} from '@vigil/events';
import { defaultPartitionFor } from '@vigil/kafka';
import { parseRuleSet } from '@vigil/rules';
import { uniqueName, waitFor } from '@vigil/testing';
import type { CaseGateway } from './app/ports.ts';
import type { RunningRiskEngine } from './risk-engine-app.ts';
import {
  RecordingCases,
  useEngineHarness,
  type EngineSettings,
} from './test-support/engine-harness.ts';
import { tx } from './test-support/test-payments.ts';

// Small thresholds so a handful of events walks an account from allow to block.
const RULES = parseRuleSet(`
version: "it-1"
timezone: UTC
combination: noisy_or
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - { id: deny-list, type: deny-list, mode: enforce, score: 100, params: { entities: [device, card, ip, account], outcome: block } }
  - { id: tx-count-account-1h, type: velocity, mode: enforce, score: 75, params: { dimension: account, window: 1h, bucket: 5m, filter: { kinds: [transaction] }, tiers: [{ atLeast: 3 }, { atLeast: 5, score: 95, outcome: block }] } }
  - { id: tx-count-device-1h, type: velocity, mode: shadow, score: 50, params: { dimension: device, window: 1h, bucket: 5m, filter: { kinds: [transaction] }, tiers: [{ atLeast: 2 }] } }
  - { id: brute-force-account-ip, type: login-brute-force, mode: enforce, score: 10, params: { dimension: account_ip, window: 15m, tiers: [{ atLeast: 3 }], lock: { after: 3, base: 1s, max: 15m } } }
`);

function failedLogin(accountId: string, n: number): LoginEvent {
  return {
    schemaVersion: 1,
    eventId: `${accountId}-login-${n}`,
    occurredAt: new Date(Date.UTC(2026, 10, 24, 9, 0, n)).toISOString(),
    accountId,
    outcome: 'failure',
    failureReason: 'bad_password',
    method: 'password',
    ip: '198.51.100.23',
  };
}

describe('risk engine (real Kafka and Redis)', () => {
  const h = useEngineHarness(RULES);
  const start = (cases: CaseGateway, tuning = {}, settings: EngineSettings = {}) =>
    h.start(cases, tuning, settings);
  // Where a case-service failure holds the batch itself (risk-engine-case-raiser.int.test.ts
  // covers the default, cases raised from the decisions topic).
  const INLINE: EngineSettings = { CASE_RAISING: 'inline' };
  const stop = (engine: RunningRiskEngine) => h.stop(engine);
  const metric = (engine: RunningRiskEngine, name: string) => h.metric(engine, name);
  const produce = (events: (TransactionEvent | LoginEvent)[], topic = h.env.TOPIC_TRANSACTIONS) =>
    h.produce(topic, events);

  it('walks an account from allow to review to block with one decision per event, cases and lock commands, through a case-service outage (inline cases)', async () => {
    const cases = new RecordingCases();
    cases.failuresLeft = 3;
    const engine = await start(cases, {}, INLINE);
    const account = uniqueName('acct');
    await produce([1, 2, 3, 4, 5, 6].map((n) => tx(account, n, n)));

    const decisions = await h.waitForAccount<RiskDecision>(h.env.TOPIC_DECISIONS, account, 6, {
      what: 'six decisions',
    });

    // Exactly one decision per event even though the first batch was retried three times.
    expect(decisions.map((d) => d.eventId).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `${account}-evt-${n}`).sort(),
    );
    for (const decision of decisions) expect(riskDecision.safeParse(decision).success).toBe(true);
    const byEvent = new Map(decisions.map((d) => [d.eventId.split('-evt-')[1], d]));
    expect(['1', '2', '3', '4', '5', '6'].map((n) => byEvent.get(n)!.outcome)).toEqual([
      'allow',
      'allow',
      'review',
      'review',
      'block',
      'block',
    ]);
    // Where batch time goes: each published batch passed every stage once; an attempt that
    // failed on case-service counts in prepare, not in effects or publish. Delivery delay counts once
    // per record, however often its batch was retried.
    const stages = await waitFor(
      async () => {
        const counts = await h.countsBy(engine, 'vigil_risk_batch_stage_seconds', 'stage');
        return (counts.publish ?? 0) >= 1 && counts.effects === counts.publish ? counts : undefined;
      },
      { timeoutMs: 10_000, what: 'batch stage timings' },
    );
    expect(stages.prepare).toBeGreaterThan(stages.publish!);
    const delays = await h.countsBy(engine, 'vigil_kafka_consume_delay_seconds', 'topic');
    expect(delays[h.env.TOPIC_TRANSACTIONS]).toBe(6);
    // Counts were not doubled by the retries: the 4th event saw 4 transactions.
    expect(byEvent.get('4')!.reasons.find((r) => r.rule === 'tx-count-account-1h')?.observed).toBe(
      4,
    );
    // Shadow rules report but never decide.
    expect(byEvent.get('2')!.shadowReasons.map((r) => r.rule)).toEqual(['tx-count-device-1h']);
    expect(byEvent.get('2')!.reasons).toEqual([]);
    // Context for the customer notice.
    expect(byEvent.get('3')!.context).toEqual({
      amount: { minor: 1200, currency: 'JPY' },
      geo: { country: 'JP', city: 'Tokyo' },
      device: { platform: 'ios' },
    });

    expect(new Set(cases.raised.map((d) => d.eventId))).toEqual(
      new Set([3, 4, 5, 6].map((n) => `${account}-evt-${n}`)),
    );
    const commands = async () =>
      (await h.readTopic<AccountCommand>(h.env.TOPIC_ACCOUNT_COMMANDS)).filter(
        (c) => c.accountId === account,
      );
    // Both 5 and 6 are blocks, but the account is locked once: 6 finds 5's lock in force.
    expect((await commands()).map((c) => c.decisionId)).toEqual([`dec-${account}-evt-5`]);
    expect(
      (await commands()).every((c) => c.action === 'lock' && c.issuedBy === 'risk-engine'),
    ).toBe(true);
    expect(await metric(engine, 'vigil_risk_lock_commands_suppressed_total')).toBe(1);

    // An agent clears the account (false positive): the next block must lock it again.
    const producer = h.fx.kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: h.env.TOPIC_FEEDBACK,
      acks: -1,
      messages: [
        {
          key: account,
          value: JSON.stringify({
            schemaVersion: 1,
            feedbackId: `${account}-fb-1`,
            accountId: account,
            source: 'case_resolution',
            verdict: 'legit',
            decisionId: `dec-${account}-evt-5`,
            occurredAt: new Date().toISOString(),
          }),
        },
      ],
    });
    await producer.disconnect();
    await waitFor(
      async () =>
        (await metric(engine, 'vigil_risk_feedback_applied_total')) >= 1 ? true : undefined,
      { timeoutMs: 30_000, what: 'the feedback to be applied' },
    );
    await produce([tx(account, 7, 7)]);
    await waitFor(async () => ((await commands()).length === 2 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'a second lock command after the account was cleared',
    });
    expect((await commands()).map((c) => c.decisionId)).toEqual([
      `dec-${account}-evt-5`,
      `dec-${account}-evt-7`,
    ]);
    await stop(engine);
  });

  it('PUBLISH_MODE=at-least-once: the same decisions, cases and lock command, without transactions (inline cases)', async () => {
    const cases = new RecordingCases();
    cases.failuresLeft = 2;
    const engine = await start(cases, {}, { ...INLINE, PUBLISH_MODE: 'at-least-once' });
    try {
      const account = uniqueName('alo');
      await produce([1, 2, 3, 4, 5].map((n) => tx(account, n, n)));
      const decisions = await h.waitForAccount<RiskDecision>(h.env.TOPIC_DECISIONS, account, 5, {
        what: 'five decisions',
      });
      // The first batch failed twice on case-service before anything was produced: no repeats.
      expect(decisions.map((d) => `${d.eventId}:${d.outcome}`)).toEqual(
        ['allow', 'allow', 'review', 'review', 'block'].map(
          (outcome, i) => `${account}-evt-${i + 1}:${outcome}`,
        ),
      );
      expect(new Set(cases.raised.map((d) => d.eventId))).toEqual(
        new Set([3, 4, 5].map((n) => `${account}-evt-${n}`)),
      );
      const commands = (await h.readTopic<AccountCommand>(h.env.TOPIC_ACCOUNT_COMMANDS)).filter(
        (c) => c.accountId === account,
      );
      expect(commands.map((c) => c.decisionId)).toEqual([`dec-${account}-evt-5`]);
      // Five decisions and one command produced, each once: the failed attempts produced nothing.
      expect(await metric(engine, 'vigil_kafka_records_produced_total')).toBe(6);
    } finally {
      await stop(engine);
    }
  });

  it('an event delivered twice upstream (two offsets) gets one decision, and is not counted twice', async () => {
    const engine = await start(new RecordingCases());
    const account = uniqueName('resend');
    await produce([tx(account, 1, 1), tx(account, 2, 2)]);
    await produce([tx(account, 2, 2), tx(account, 3, 3)]); // the producer re-sent event 2
    const decisions = await h.waitForAccount<RiskDecision>(h.env.TOPIC_DECISIONS, account, 3, {
      what: 'three decisions',
    });
    await waitFor(
      async () =>
        (await metric(engine, 'vigil_risk_duplicate_events_total')) >= 1 ? true : undefined,
      { timeoutMs: 30_000, what: 'the resend to be seen' },
    );
    const settled = (await h.readTopic<RiskDecision>(h.env.TOPIC_DECISIONS)).filter(
      (d) => d.accountId === account,
    );
    expect(settled.map((d) => d.eventId).sort()).toEqual(
      [1, 2, 3].map((n) => `${account}-evt-${n}`),
    );
    expect(settled).toHaveLength(decisions.length);
    // Event 3 saw three transactions, not four: the resend changed no state.
    const third = settled.find((d) => d.eventId.endsWith('-evt-3'))!;
    expect(third.reasons.find((r) => r.rule === 'tx-count-account-1h')?.observed).toBe(3);
    await stop(engine);
  });

  it('brute force on one IP sends escalating timed lock commands for that account and IP', async () => {
    const engine = await start(new RecordingCases());
    const account = uniqueName('brute');
    await produce(
      [1, 2, 3, 4, 5].map((n) => failedLogin(account, n)),
      h.env.TOPIC_LOGINS,
    );
    const commands = await h.waitForAccount<AccountCommand>(
      h.env.TOPIC_ACCOUNT_COMMANDS,
      account,
      3,
      { what: 'three timed lock commands' },
    );
    // Cognito-style doubling from the third failure: 1 s, 2 s, 4 s, for this IP only.
    expect(commands.map((c) => c.decisionId)).toEqual(
      [3, 4, 5].map((n) => `dec-${account}-login-${n}`),
    );
    const lockSeconds = commands.map(
      (c) => (Date.parse(c.expiresAt!) - Date.parse(c.issuedAt)) / 1000,
    );
    expect(lockSeconds).toEqual([1, 2, 4]);
    for (const command of commands) {
      expect(command).toMatchObject({
        action: 'lock',
        ip: '198.51.100.23',
        issuedBy: 'risk-engine',
      });
    }
    expect(await metric(engine, 'vigil_risk_lock_commands_total')).toBe(3);
    await stop(engine);
  });

  it('a replica that hangs mid-batch while its unit moves to a new replica publishes nothing: each decision once', async () => {
    // An account on unit 1: when a second replica joins, the sticky assignor leaves unit 0 with
    // the first replica and moves unit 1.
    let account = uniqueName('zombie');
    while (defaultPartitionFor(account, 2) !== 1) account = uniqueName('zombie');
    const fast = { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500, rebalanceTimeoutMs: 8_000 };
    // The zombie raises its cases, then hangs (a stuck socket, a long GC) until we let it go.
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const zombieCases: CaseGateway = {
      raiseCase: async (decision) => {
        await hung;
        return { caseId: decision.accountId };
      },
    };
    // Inline cases: the hang holds the zombie's batch itself.
    const zombie = await start(zombieCases, fast, INLINE);
    await produce([1, 2, 3].map((n) => tx(account, n, n)));
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    // A second replica joins and takes unit 1: it claims the unit's transactional id (fencing
    // the zombie's), reads the committed offsets and decides the account's events itself.
    const healthy = new RecordingCases();
    await start(healthy, fast, INLINE);
    const decisions = await h.waitForAccount<RiskDecision>(h.env.TOPIC_DECISIONS, account, 3, {
      what: 'decisions from the new owner',
      timeoutMs: 90_000,
    });
    release();
    // Give the zombie time to try (and fail) to publish its stale batch.
    await new Promise((resolve) => setTimeout(resolve, 4_000));

    const after = (await h.readTopic<RiskDecision>(h.env.TOPIC_DECISIONS)).filter(
      (d) => d.accountId === account,
    );
    expect(after.map((d) => d.eventId).sort()).toEqual(decisions.map((d) => d.eventId).sort());
    expect(after).toHaveLength(3);
    expect(healthy.raised.map((d) => d.eventId)).toContain(`${account}-evt-3`);
    // Feature state counted each event once although two replicas computed it.
    const third = after.find((d) => d.eventId.endsWith('-evt-3'))!;
    expect(third.reasons.find((r) => r.rule === 'tx-count-account-1h')?.observed).toBe(3);
    await stop(zombie);
  });
});
