import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaFixture, type KafkaFixture } from '@vigil/testing';
import { topicsBelowRecordLimit } from './topic-record-limit.ts';

describe('topicsBelowRecordLimit (real broker)', () => {
  let fx: KafkaFixture;
  beforeAll(async () => {
    fx = await createKafkaFixture(['limit.default', 'limit.small'], { partitions: 1 });
    await fx.setMaxMessageBytes(fx.topics['limit.small']!, 500_000);
  });
  afterAll(async () => {
    await fx.cleanup();
  });

  it("names a topic whose own max.message.bytes is below the size, not one on the broker's default", async () => {
    const topics = [fx.topics['limit.default']!, fx.topics['limit.small']!];
    expect(await topicsBelowRecordLimit(fx.kafka, topics, 1_008_192)).toEqual([
      { topic: fx.topics['limit.small']!, maxMessageBytes: 500_000 },
    ]);
    // Kafka's default is 1,048,588 bytes: a size above it names both.
    const below = await topicsBelowRecordLimit(fx.kafka, topics, 2_000_000);
    expect(below.map((t) => t.maxMessageBytes).sort((a, b) => b - a)).toEqual([1_048_588, 500_000]);
  });
});
