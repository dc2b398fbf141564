import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVigilError } from '@vigil/errors';
import { createKafkaFixture, uniqueName, type KafkaFixture } from '@vigil/testing';
import { checkCoPartitioned } from './copartition-check.ts';
import { ensureTopics } from './ensure-topics.ts';

// Start-up topic creation as several services run it at once against one broker.
describe('ensureTopics', () => {
  let fixture: KafkaFixture;
  const created: string[] = [];
  const partitionsOf = async (topics: string[]) => {
    const { topics: metadata } = await fixture.admin.fetchTopicMetadata({ topics });
    return Object.fromEntries(metadata.map((t) => [t.name, t.partitions.length]));
  };
  const existing = async (topics: string[]) => {
    const all = new Set(await fixture.admin.listTopics());
    return topics.filter((topic) => all.has(topic));
  };
  beforeAll(async () => {
    fixture = await createKafkaFixture([]);
  });
  afterAll(async () => {
    const left = await existing(created);
    if (left.length > 0) await fixture.admin.deleteTopics({ topics: left });
    await fixture.cleanup();
  });

  it('creates a .dlq twin only where asked', async () => {
    const read = uniqueName('ensure_read');
    const written = uniqueName('ensure_written');
    created.push(read, `${read}.dlq`, written, `${written}.dlq`);
    const made = await ensureTopics(fixture.admin, [
      { topic: read, partitions: 2, deadLetter: true },
      { topic: written, partitions: 2, deadLetter: false },
    ]);
    expect(made.sort()).toEqual([read, `${read}.dlq`, written].sort());
    expect(await existing([`${written}.dlq`])).toEqual([]);
  });

  it('is safe when several services create the same topics at once; each is created once', async () => {
    const names = [uniqueName('ensure_race_a'), uniqueName('ensure_race_b')];
    created.push(...names, ...names.map((name) => `${name}.dlq`));
    const specs = names.map((topic) => ({ topic, partitions: 3 }));
    const results = await Promise.all([1, 2, 3, 4].map(() => ensureTopics(fixture.admin, specs)));
    const all = results.flat().sort();
    expect(all).toEqual([...names, ...names.map((name) => `${name}.dlq`)].sort());
    expect(Object.values(await partitionsOf(names))).toEqual([3, 3]);
  });

  it('never changes an existing topic, and creates missing co-partitioned topics to match it', async () => {
    const [transactions, logins, changes] = ['tx', 'logins', 'changes'].map((n) =>
      uniqueName(`ensure_copart_${n}`),
    ) as [string, string, string];
    const inputs = [transactions, logins, changes];
    created.push(...inputs, ...inputs.map((name) => `${name}.dlq`));
    // An upstream created one input topic first, with fewer partitions than the engine would.
    await ensureTopics(fixture.admin, [{ topic: transactions, partitions: 2, deadLetter: false }]);
    await ensureTopics(
      fixture.admin,
      inputs.map((topic) => ({ topic, partitions: 6 })),
      { coPartitioned: [inputs] },
    );
    const counts = await partitionsOf([...inputs, ...inputs.map((name) => `${name}.dlq`)]);
    expect(new Set(Object.values(counts))).toEqual(new Set([2]));
    expect([...(await checkCoPartitioned(fixture.admin, inputs)).values()]).toEqual([2, 2, 2]);
  });

  it('reports a topic the broker refuses as a non-retryable TOPIC_CREATION_FAILED', async () => {
    const topic = uniqueName('ensure_refused');
    const error: unknown = await ensureTopics(fixture.admin, [
      { topic, partitions: 1, replicationFactor: 5, deadLetter: false },
    ]).catch((e: unknown) => e);
    expect(isVigilError(error) && error.code).toBe('TOPIC_CREATION_FAILED');
    expect(isVigilError(error) && error.retryable).toBe(false);
  });
});
