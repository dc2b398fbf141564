import { describe, expect, it } from 'vitest';
import { createOffsetCommitCoalescer, type TopicOffsets } from './offset-commit-coalescer.ts';

function recorder() {
  const requests: TopicOffsets[] = [];
  return {
    requests,
    commit: (topics: TopicOffsets) => {
      requests.push(topics);
      return Promise.resolve();
    },
  };
}

describe('offset commit coalescer', () => {
  it('commits every partition handled since the last commit in one request, once per interval', async () => {
    let now = 1_000;
    const commits = createOffsetCommitCoalescer(500, () => now);
    const { requests, commit } = recorder();

    commits.handled('decisions', 0, '10');
    await commits.commitIfDue(commit);
    expect(requests).toEqual([
      [{ topic: 'decisions', partitions: [{ partition: 0, offset: '10' }] }],
    ]);

    now += 100;
    commits.handled('decisions', 1, '4');
    commits.handled('decisions', 0, '12');
    commits.handled('feedback', 2, '7');
    await commits.commitIfDue(commit);
    expect(requests).toHaveLength(1);
    expect(commits.dueInMs()).toBe(400);

    now += 400;
    await commits.commitIfDue(commit);
    expect(requests[1]).toEqual([
      {
        topic: 'decisions',
        partitions: [
          { partition: 0, offset: '12' },
          { partition: 1, offset: '4' },
        ],
      },
      { topic: 'feedback', partitions: [{ partition: 2, offset: '7' }] },
    ]);
    expect(commits.dueInMs()).toBeUndefined();
    await commits.commitIfDue(commit);
    expect(requests).toHaveLength(2);
  });

  it('interval 0 commits at every call; commitAll does not wait for the interval', async () => {
    let now = 0;
    const every = createOffsetCommitCoalescer(0, () => now);
    const { requests, commit } = recorder();
    for (const offset of ['1', '2', '3']) {
      every.handled('t', 0, offset);
      await every.commitIfDue(commit);
    }
    expect(requests.map((r) => r[0]?.partitions[0]?.offset)).toEqual(['1', '2', '3']);

    const slow = createOffsetCommitCoalescer(60_000, () => now);
    const later = recorder();
    slow.handled('t', 0, '1');
    await slow.commitIfDue(later.commit);
    slow.handled('t', 0, '2');
    now += 10;
    await slow.commitIfDue(later.commit);
    await slow.commitAll(later.commit);
    expect(later.requests.map((r) => r[0]?.partitions[0]?.offset)).toEqual(['1', '2']);
  });

  it('a failed commit keeps its offsets for the next one, unless the partition moved on meanwhile', async () => {
    const commits = createOffsetCommitCoalescer(0);
    commits.handled('t', 0, '5');
    commits.handled('t', 1, '9');
    let release: (error: Error) => void = () => undefined;
    const failing = commits.commitAll(
      () => new Promise<void>((_resolve, reject) => (release = reject)),
    );
    commits.handled('t', 0, '6');
    release(new Error('coordinator moved'));
    await expect(failing).rejects.toThrow('coordinator moved');

    const { requests, commit } = recorder();
    await commits.commitAll(commit);
    expect(requests).toEqual([
      [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: '6' },
            { partition: 1, offset: '9' },
          ],
        },
      ],
    ]);
  });

  it('sends one request at a time: a commit asked for while one is in flight follows it with what came since', async () => {
    const commits = createOffsetCommitCoalescer(0);
    const sent: string[] = [];
    let finishFirst: () => void = () => undefined;
    commits.handled('t', 0, '1');
    const first = commits.commitAll((topics) => {
      sent.push(`start ${topics[0]?.partitions[0]?.offset}`);
      return new Promise<void>((resolve) => (finishFirst = resolve));
    });
    commits.handled('t', 0, '2');
    const second = commits.commitAll((topics) => {
      sent.push(`start ${topics[0]?.partitions[0]?.offset}`);
      return Promise.resolve();
    });
    await Promise.resolve();
    expect(sent).toEqual(['start 1']);
    finishFirst();
    await Promise.all([first, second]);
    expect(sent).toEqual(['start 1', 'start 2']);
  });

  it('a commit that fails after a discard does not bring its offsets back', async () => {
    const commits = createOffsetCommitCoalescer(0);
    commits.handled('t', 0, '5');
    let release: (error: Error) => void = () => undefined;
    const failing = commits.commitAll(
      () => new Promise<void>((_resolve, reject) => (release = reject)),
    );
    commits.discard();
    release(new Error('illegal generation'));
    await expect(failing).rejects.toThrow('illegal generation');
    expect(commits.dueInMs()).toBeUndefined();
  });

  it('discard forgets what was not committed (a rebalance moved the partitions)', async () => {
    const commits = createOffsetCommitCoalescer(1_000);
    commits.handled('t', 0, '3');
    commits.discard();
    expect(commits.dueInMs()).toBeUndefined();
    const { requests, commit } = recorder();
    await commits.commitAll(commit);
    expect(requests).toEqual([]);
  });
});
