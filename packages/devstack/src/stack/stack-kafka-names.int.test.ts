import { createKafkaFixture, createLedTopics, uniqueName, type KafkaFixture } from '@vigil/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStackKafkaNames, stackKafkaNames } from './stack-kafka-names.ts';

const TOPICS = {
  transactions: 'x.tx',
  logins: 'x.logins',
  accountChanges: 'x.changes',
  decisions: 'x.decisions',
  accountCommands: 'x.commands',
  feedback: 'x.feedback',
};

let fx: KafkaFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

/** A group with committed offsets and no member: what a stopped service leaves behind. */
async function leaveGroup(fixture: KafkaFixture, groupId: string, topic: string): Promise<void> {
  await fixture.admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '1' }] });
}

describe('removeStackKafkaNames (real broker)', () => {
  it('deletes the groups and the run’s own disputes topics a stopped stack left, and nothing else', async () => {
    fx = await createKafkaFixture(['kept'], { partitions: 1 });
    const names = stackKafkaNames({ runId: uniqueName('names'), topics: TOPICS });
    await createLedTopics(fx.admin, names.topics, 1);
    // Three of the five groups joined (no case raiser, no feedback group in this run).
    const others = uniqueName('other-group');
    // Side by side: kafkajs's setOffsets joins each group as a member first (seconds each).
    await Promise.all(
      [...names.groups.slice(0, 3), others].map((group) =>
        leaveGroup(fx!, group, fx!.topics.kept!),
      ),
    );

    await removeStackKafkaNames(fx.admin, names);

    const groups = (await fx.admin.listGroups()).groups.map((g) => g.groupId);
    for (const group of names.groups) expect(groups).not.toContain(group);
    expect(groups).toContain(others);
    const topics = await fx.admin.listTopics();
    for (const topic of names.topics) expect(topics).not.toContain(topic);
    expect(topics).toContain(fx.topics.kept);
    await fx.admin.deleteGroups([others]);
  });

  it('is a no-op for a run that created nothing, and can run twice', async () => {
    fx = await createKafkaFixture([], { partitions: 1 });
    const names = stackKafkaNames({ runId: uniqueName('never'), topics: TOPICS });
    await removeStackKafkaNames(fx.admin, names);
    await removeStackKafkaNames(fx.admin, names);
  });

  it('refuses to delete a group that still has a member', async () => {
    fx = await createKafkaFixture(['busy'], { partitions: 1 });
    const names = stackKafkaNames({ runId: uniqueName('busy'), topics: TOPICS });
    const consumer = fx.kafka.consumer({ groupId: names.groups[0]!, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: fx.topics.busy!, fromBeginning: true });
      const joined = new Promise<void>((resolve) =>
        consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
      );
      await consumer.run({ eachMessage: () => Promise.resolve() });
      await joined;
      await expect(removeStackKafkaNames(fx.admin, names)).rejects.toThrow();
    } finally {
      await consumer.disconnect();
    }
    await removeStackKafkaNames(fx.admin, names);
  });
});
