import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { topicCatalog, TOPICS, type RiskDecision } from '@vigil/events';
import { createEventProducer, type EventProducer } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { createKafkaFixture, uniqueName, waitFor, type KafkaFixture } from '@vigil/testing';
import type { InboundTopic, SimulatedRecord } from '../domain/ground-truth.ts';
import { simulate } from '../simulate.ts';
import { computeDetectionReport } from '../domain/detection/detection-report.ts';
import { readDecisionsFromKafka } from './kafka-decision-reader.ts';
import { createKafkaSink } from './kafka-sink.ts';

const INBOUND: InboundTopic[] = [TOPICS.transactions, TOPICS.logins, TOPICS.accountChanges];

describe('simulator → real Kafka', () => {
  let fixture: KafkaFixture;
  let producer: EventProducer;

  beforeAll(async () => {
    fixture = await createKafkaFixture([...INBOUND, TOPICS.decisions], { partitions: 3 });
    producer = createEventProducer({ kafka: fixture.kafka, registry: new Registry(), logger: createLogger({ service: 'simulator-test', level: 'silent' }) });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await fixture.cleanup();
  });

  it('publishes every simulated event keyed by accountId, each account in order', async () => {
    const wire = (t: InboundTopic) => fixture.topics[t] ?? t;
    const sink = createKafkaSink({ producer, batchSize: 64, topics: { [TOPICS.transactions]: wire(TOPICS.transactions), [TOPICS.logins]: wire(TOPICS.logins), [TOPICS.accountChanges]: wire(TOPICS.accountChanges) } });
    const sent: SimulatedRecord[] = [];
    for await (const record of simulate({ seed: 9, accounts: 40, duration: '1h', warmup: '6h', start: '2026-11-20T09:00:00.000Z', scenarios: ['ato', 'card_testing'], episodesPerScenario: 1 })) {
      sent.push(record);
      await sink.write(record);
    }
    await sink.close();
    expect(sent.some((r) => r.topic === TOPICS.accountChanges)).toBe(true);

    const received: { topic: InboundTopic; key: string; value: unknown }[] = [];
    const byWire = new Map(INBOUND.map((t) => [wire(t), t]));
    const consumer = fixture.kafka.consumer({ groupId: fixture.groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: INBOUND.map(wire), fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, message }) => {
        received.push({ topic: byWire.get(topic) ?? TOPICS.transactions, key: message.key?.toString() ?? '', value: JSON.parse(message.value?.toString() ?? 'null') });
        return Promise.resolve();
      },
    });
    try {
      await waitFor(() => (received.length >= sent.length ? true : undefined), { timeoutMs: 60_000, what: `${sent.length} records` });
    } finally {
      await consumer.disconnect();
    }

    expect(received).toHaveLength(sent.length);
    for (const r of received) {
      expect(r.key).toBe((r.value as { accountId: string }).accountId);
      expect(topicCatalog[r.topic].safeParse(r.value).success).toBe(true);
    }
    // Per (topic, account) the order read back is the order sent.
    const sequence = (items: { topic: string; accountId: string; eventId: string }[]) => {
      const m = new Map<string, string[]>();
      for (const i of items) m.set(`${i.topic}|${i.accountId}`, [...(m.get(`${i.topic}|${i.accountId}`) ?? []), i.eventId]);
      return m;
    };
    const sentOrder = sequence(sent.map((s) => ({ topic: s.topic, accountId: s.event.accountId, eventId: s.event.eventId })));
    const readOrder = sequence(received.map((r) => ({ topic: r.topic, accountId: r.key, eventId: (r.value as { eventId: string }).eventId })));
    expect(readOrder).toEqual(sentOrder);
    expect(sentOrder.size).toBeGreaterThan(40);
  });

  it('reads decisions from the beginning until idle and feeds the detection report', async () => {
    const topic = fixture.topics[TOPICS.decisions] ?? '';
    const decision = (eventId: string, outcome: RiskDecision['outcome']): RiskDecision => ({
      schemaVersion: 1, decisionId: `d-${eventId}`, eventId, eventType: 'transaction', accountId: 'acct-1',
      occurredAt: '2026-11-20T00:00:00.000Z', decidedAt: '2026-11-20T00:00:01.000Z', score: outcome === 'allow' ? 0 : 95,
      outcome, reasons: [], shadowReasons: [], ruleSetVersion: 'test', subject: {},
    });
    await producer.publish(TOPICS.decisions, [{ value: decision('e1', 'allow') }, { value: decision('e2', 'block') }], { topicName: topic });
    await producer.sendRaw([{ topic, messages: [{ key: 'acct-1', value: '{"not":"a decision"}' }] }]);
    let invalid = 0;
    const { decisions, caughtUp } = await readDecisionsFromKafka({ kafka: fixture.kafka, topic, groupId: uniqueName('report'), idleMs: 1_000, timeoutMs: 60_000, onInvalid: () => invalid++ });
    expect(caughtUp).toBe(true);
    expect(decisions.map((d) => [d.eventId, d.outcome]).sort()).toEqual([['e1', 'allow'], ['e2', 'block']]);
    expect(invalid).toBe(1);
    const report = computeDetectionReport(
      [{ eventId: 'e2', accountId: 'acct-1', topic: TOPICS.transactions, occurredAt: '2026-11-20T00:00:00.000Z', label: 'attack', scenario: 'card_testing', episodeId: 'ep' }],
      decisions,
    );
    expect(report.overall).toEqual({ episodes: 1, caught: 1, caughtByFollowUpOnly: 0, recall: 1 });
  });
  it('keeps each account\'s decisions in commit order across partitions and batches, so the report counts inversions', async () => {
    const topic = await fixture.createTopic('decisions-order', 3);
    const decision = (accountId: string, n: number, minute: number): RiskDecision => ({
      schemaVersion: 1, decisionId: `d-${accountId}-${n}`, eventId: `${accountId}-${n}`, eventType: 'login', accountId,
      occurredAt: new Date(Date.parse('2026-11-20T00:00:00.000Z') + minute * 60_000).toISOString(), decidedAt: '2026-11-20T01:00:00.000Z',
      score: 0, outcome: 'allow', reasons: [], shadowReasons: [], ruleSetVersion: 'test', subject: {},
    });
    const accounts = ['acct-a', 'acct-b', 'acct-c', 'acct-d', 'acct-e'];
    // acct-e's fourth decision is for an event older than its third: one inversion.
    const minuteOf = (account: string, n: number) => (account === 'acct-e' && n === 3 ? 1.5 : n);
    for (let n = 0; n < 30; n += 5)
      await producer.publish(TOPICS.decisions, accounts.flatMap((a) => [0, 1, 2, 3, 4].map((k) => ({ value: decision(a, n + k, minuteOf(a, n + k)) }))), { topicName: topic });
    const { decisions, caughtUp } = await readDecisionsFromKafka({ kafka: fixture.kafka, topic, groupId: uniqueName('report'), idleMs: 1_000, timeoutMs: 60_000 });
    expect(caughtUp).toBe(true);
    expect(decisions).toHaveLength(150);
    for (const a of accounts) expect(decisions.filter((x) => x.accountId === a).map((x) => x.eventId)).toEqual(Array.from({ length: 30 }, (_, n) => `${a}-${n}`));
    const report = computeDetectionReport([], decisions);
    expect(report.inversions).toMatchObject({ checked: 150, count: 1, accounts: 1, examples: [{ accountId: 'acct-e', eventId: 'acct-e-3', after: { eventId: 'acct-e-2' } }] });
  });

  it('catches up on a transactional decisions topic, whose last offset is a commit marker', async () => {
    const topic = await fixture.createTopic('decisions-tx', 1);
    const tx = fixture.kafka.producer({ transactionalId: uniqueName('report-tx'), idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    const transaction = await tx.transaction();
    const value = { schemaVersion: 1, decisionId: 'd-t1', eventId: 't1', eventType: 'login', accountId: 'acct-2', occurredAt: '2026-11-20T00:00:00.000Z', decidedAt: '2026-11-20T00:00:01.000Z', score: 0, outcome: 'allow', reasons: [], shadowReasons: [], ruleSetVersion: 'test', subject: {} };
    await transaction.send({ topic, messages: [{ key: 'acct-2', value: JSON.stringify(value) }] });
    await transaction.commit();
    await tx.disconnect();
    const started = Date.now();
    const { decisions, caughtUp } = await readDecisionsFromKafka({ kafka: fixture.kafka, topic, groupId: uniqueName('report'), idleMs: 500, timeoutMs: 30_000 });
    expect(caughtUp).toBe(true);
    expect(decisions.map((d) => d.eventId)).toEqual(['t1']);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
