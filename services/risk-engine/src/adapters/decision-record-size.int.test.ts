import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { TOPICS, riskDecision } from '@vigil/events';
import { createLogger } from '@vigil/observability';
import { MAX_RULES, fitDecisionToRecord, withWorstAdditions, worstDecision } from '@vigil/rules';
import { createKafkaFixture, uniqueName, type KafkaFixture } from '@vigil/testing';
import { DECISION_TOPIC_MIN_BYTES, warnOfSmallDecisionLimit } from './decision-topic-limit.ts';

/**
 * The bound of decision-size.ts against a real broker with Kafka's default limits: a decision
 * naming MAX_RULES reasons of the longest text the contract allows is refused as it is (what
 * would stall its unit until someone raised the topic's max.message.bytes), and goes through
 * once fitted, with its context and follow-up added as the engine adds them.
 */
describe('decision record size (real broker)', () => {
  let fx: KafkaFixture;
  let producer: Producer;
  beforeAll(async () => {
    fx = await createKafkaFixture([TOPICS.decisions], { partitions: 1 });
    producer = fx.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 2 },
    });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await fx.cleanup();
  });

  // As the engine's publisher encodes a decision: schema-checked JSON keyed by account.
  const send = (value: ReturnType<typeof worstDecision>) =>
    producer.send({
      topic: fx.topics[TOPICS.decisions]!,
      messages: [{ key: value.accountId, value: JSON.stringify(riskDecision.parse(value)) }],
    });

  it('refuses the largest decision as built, accepts it fitted, and it reads back whole', async () => {
    const decision = worstDecision(MAX_RULES);
    const refused: unknown = await send(withWorstAdditions(decision)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ type: 'MESSAGE_TOO_LARGE' });

    const fitted = withWorstAdditions(fitDecisionToRecord(decision));
    await send(fitted);
    const topic = fx.topics[TOPICS.decisions]!;
    expect((await fx.admin.fetchTopicOffsets(topic))[0]!.high).toBe('1');
    const consumer = fx.kafka.consumer({
      groupId: uniqueName('size-reader'),
      maxWaitTimeInMs: 500,
    });
    let resolve: (value: string) => void = () => undefined;
    const read = new Promise<string>((r) => (resolve = r));
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => Promise.resolve(resolve(message.value!.toString())),
      });
      expect(riskDecision.parse(JSON.parse(await read))).toEqual(fitted);
      expect(fitted.reasonDetailsOmitted).toBeGreaterThan(0);
    } finally {
      await consumer.disconnect();
    }
  });

  it("warns at start-up of a decisions topic whose max.message.bytes is too small, not of Kafka's default", async () => {
    const lines: { level: string; msg: string }[] = [];
    const logger = createLogger({
      service: 'test',
      level: 'info',
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as never) },
    });
    const small = await fx.createTopic('decisions.small', 1, false);
    await fx.setMaxMessageBytes(small, 500_000);
    await warnOfSmallDecisionLimit(fx.kafka, fx.topics[TOPICS.decisions]!, logger);
    expect(lines).toEqual([]);
    await warnOfSmallDecisionLimit(fx.kafka, small, logger);
    expect(lines).toMatchObject([
      { level: 'warn', maxMessageBytes: 500_000, neededBytes: DECISION_TOPIC_MIN_BYTES },
    ]);
    // A topic that is not there yet (CREATE_TOPICS=false): said, not thrown.
    await warnOfSmallDecisionLimit(fx.kafka, uniqueName('absent'), logger);
    expect(lines.slice(1)).toMatchObject([{ level: 'info' }]);
  });
});
