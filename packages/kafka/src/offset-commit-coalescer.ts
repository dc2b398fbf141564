/** Offsets for one OffsetCommit request, grouped by topic as kafkajs takes them. */
export type TopicOffsets = { topic: string; partitions: { partition: number; offset: string }[] }[];

export type CommitOffsets = (topics: TopicOffsets) => Promise<void>;

export interface OffsetCommitCoalescer {
  /** Records that every record of the partition before `nextOffset` is handled. */
  handled(topic: string, partition: number, nextOffset: string): void;
  /** Commits everything handled, in one request, if the interval has passed since the last one. */
  commitIfDue(commit: CommitOffsets): Promise<void>;
  /** Commits everything handled now (stop, the runner's idle flush). */
  commitAll(commit: CommitOffsets): Promise<void>;
  /**
   * Forgets what is not committed yet, and what a commit in flight fails to commit (the
   * partitions may have moved: a rebalance).
   */
  discard(): void;
  /** Milliseconds until a commit is due, or undefined when nothing waits. */
  dueInMs(): number | undefined;
}

/**
 * Gathers a consumer's handled offsets and commits those of every partition in one request at
 * most once per `intervalMs` (0: at every call), instead of one OffsetCommit per partition batch.
 * Only for handlers that are idempotent on redelivery: a crash redelivers up to an interval of
 * handled records. A failed commit keeps its offsets for the next one (unless newer ones came).
 */
export function createOffsetCommitCoalescer(
  intervalMs: number,
  now: () => number = Date.now,
): OffsetCommitCoalescer {
  const uncommitted = new Map<string, { topic: string; partition: number; offset: string }>();
  let lastCommitAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;
  // Bumped by discard(): a commit that fails after it must not bring back what it forgot.
  let epoch = 0;

  async function send(commit: CommitOffsets): Promise<void> {
    if (uncommitted.size === 0) return;
    const sent = [...uncommitted].sort(([, a], [, b]) => a.partition - b.partition);
    const sentIn = epoch;
    uncommitted.clear();
    lastCommitAt = now();
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const [, { topic, partition, offset }] of sent) {
      const partitions = byTopic.get(topic) ?? [];
      partitions.push({ partition, offset });
      byTopic.set(topic, partitions);
    }
    try {
      await commit([...byTopic].map(([topic, partitions]) => ({ topic, partitions })));
    } catch (error) {
      if (sentIn === epoch)
        for (const [key, entry] of sent) if (!uncommitted.has(key)) uncommitted.set(key, entry);
      throw error;
    }
  }

  /**
   * One request at a time, what is handled taken when it is sent: a commit asked for while one is
   * in flight follows it with everything handled by then.
   */
  function serialised(commit: CommitOffsets): Promise<void> {
    const next = inFlight ? inFlight.then(() => send(commit)) : send(commit);
    const settled = next.catch(() => undefined);
    inFlight = settled;
    void settled.then(() => {
      if (inFlight === settled) inFlight = undefined;
    });
    return next;
  }

  return {
    handled(topic, partition, nextOffset) {
      uncommitted.set(`${partition}:${topic}`, { topic, partition, offset: nextOffset });
    },
    commitIfDue(commit) {
      if (uncommitted.size === 0 || now() - lastCommitAt < intervalMs) return Promise.resolve();
      return serialised(commit);
    },
    commitAll: (commit) => serialised(commit),
    discard() {
      uncommitted.clear();
      epoch += 1;
    },
    dueInMs() {
      if (uncommitted.size === 0) return undefined;
      return Math.max(0, lastCommitAt + intervalMs - now());
    },
  };
}
