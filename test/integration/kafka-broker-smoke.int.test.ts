import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaFixture, waitFor, type KafkaFixture } from '@vigil/testing';

// Proves the broker that deploy/local/kafka.sh starts (Apache Kafka 4.x, KRaft) works with
// kafkajs the way Vigil uses it: idempotent acks=all produce, consumer groups, manual commits.
describe('kafka broker smoke', () => {
  let fx: KafkaFixture;
  beforeAll(async () => {
    fx = await createKafkaFixture(['smoke'], { partitions: 2 });
  });
  afterAll(async () => {
    await fx.cleanup();
  });

  it('produces idempotently, consumes in a group, commits, and resumes after the commit', async () => {
    const topic = fx.topics.smoke!;
    const producer = fx.kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
    await producer.connect();
    const sent = Array.from({ length: 20 }, (_, i) => ({ key: `acct-${i % 4}`, value: `v${i}` }));
    const acks = await producer.send({ topic, acks: -1, messages: sent.slice(0, 10) });
    expect(acks.every((ack) => ack.errorCode === 0)).toBe(true);

    const seen: string[] = [];
    const consumer = fx.kafka.consumer({ groupId: fx.groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }) => {
        seen.push(message.value!.toString());
        await consumer.commitOffsets([
          { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
    await waitFor(() => (seen.length >= 10 ? true : undefined), { what: 'first 10 records' });
    await consumer.disconnect();

    const committed = await fx.admin.fetchOffsets({ groupId: fx.groupId, topics: [topic] });
    const total = committed[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(total).toBe(10);

    // A new member of the same group resumes after the committed offsets: no record twice.
    await producer.send({ topic, acks: -1, messages: sent.slice(10) });
    const resumed: string[] = [];
    const again = fx.kafka.consumer({ groupId: fx.groupId });
    await again.connect();
    await again.subscribe({ topic, fromBeginning: true });
    await again.run({ eachMessage: ({ message }) => Promise.resolve(void resumed.push(message.value!.toString())) });
    await waitFor(() => (resumed.length >= 10 ? true : undefined), { what: 'last 10 records' });
    await again.disconnect();
    await producer.disconnect();

    expect(new Set([...seen, ...resumed]).size).toBe(20);
    expect(resumed.sort()).toEqual(sent.slice(10).map((m) => m.value).sort());
    // Records of one key stay in order within their partition.
    const acct0 = seen.filter((v) => ['v0', 'v4', 'v8'].includes(v));
    expect(acct0).toEqual(['v0', 'v4', 'v8']);
  });
});
