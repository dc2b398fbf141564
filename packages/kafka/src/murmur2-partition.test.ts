import { Kafka, logLevel, Partitioners, type LogEntry } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { defaultPartitionFor, JAVA_COMPATIBLE_PARTITIONER, murmur2 } from './murmur2-partition.ts';

describe('defaultPartitionFor', () => {
  it("agrees with kafkajs's Java-compatible default partitioner on keys of every length", () => {
    const partitioner = Partitioners.DefaultPartitioner();
    const keys = [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      'acct-1',
      'acct-000042',
      'ユーザー-7',
      'x'.repeat(97),
      'y'.repeat(171),
      'z'.repeat(600),
      'キー'.repeat(90),
    ];
    for (let i = 0; i < 500; i++) keys.push(`acc-${i}-${(i * 7919) % 1013}`);
    for (const partitions of [1, 2, 3, 6, 12, 64]) {
      const metadata = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 0,
        replicas: [0],
        isr: [0],
        partitionErrorCode: 0,
        offlineReplicas: [],
      }));
      for (const key of keys) {
        const expected = partitioner({
          topic: 't',
          partitionMetadata: metadata,
          message: { key, value: null },
        });
        expect(defaultPartitionFor(key, partitions), `${key} over ${partitions}`).toBe(expected);
      }
    }
  });

  it("matches the Java client's murmur2 test vectors (Kafka UtilsTest.testMurmur2)", () => {
    const vectors: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of vectors) expect(murmur2(Buffer.from(key)), key).toBe(hash);
  });
});

describe('JAVA_COMPATIBLE_PARTITIONER', () => {
  it('is the partitioner defaultPartitionFor computes, and keeps kafkajs from advising the legacy one', () => {
    const lines: string[] = [];
    const kafka = new Kafka({
      brokers: ['127.0.0.1:1'],
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => void lines.push(entry.log.message),
    });
    kafka.producer();
    expect(lines.some((line) => line.includes('switched default partitioner'))).toBe(true);
    lines.length = 0;
    kafka.producer({ createPartitioner: JAVA_COMPATIBLE_PARTITIONER });
    expect(lines).toEqual([]);

    const ours = JAVA_COMPATIBLE_PARTITIONER();
    const theirs = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: 6 }, (_, id) => ({
      partitionId: id,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    }));
    const keys: (string | Buffer)[] = ['acct-1', 'acct-42', 'アカウント-7', 'x'.repeat(333)];
    keys.push(...keys.map((key) => Buffer.from(key)));
    for (const key of keys) {
      const message = { topic: 't', partitionMetadata, message: { key, value: null } };
      expect(ours(message), String(key)).toBe(theirs(message));
      expect(ours(message)).toBe(defaultPartitionFor(key, 6));
    }
    const pinned = {
      topic: 't',
      partitionMetadata,
      message: { key: 'acct-1', partition: 4, value: null },
    };
    expect(ours(pinned)).toBe(4);
  });

  it('spreads keyless messages round robin over the partitions that have a leader', () => {
    const partition = JAVA_COMPATIBLE_PARTITIONER();
    const partitionMetadata = Array.from({ length: 4 }, (_, id) => ({
      partitionId: id,
      leader: id === 2 ? -1 : 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    }));
    const chosen = Array.from({ length: 9 }, () =>
      partition({ topic: 't', partitionMetadata, message: { value: 'v' } }),
    );
    expect(new Set(chosen)).toEqual(new Set([0, 1, 3]));
    // Consecutive messages go to consecutive led partitions, wherever the counter started.
    for (let i = 1; i < chosen.length; i++)
      expect([0, 1, 3].indexOf(chosen[i]!)).toBe(([0, 1, 3].indexOf(chosen[i - 1]!) + 1) % 3);
  });
});
