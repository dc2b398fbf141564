import type { Admin, Kafka } from 'kafkajs';
import { VigilError } from '@vigil/errors';
import { dlqTopic } from '@vigil/events';
import { waitForTopicLeaders } from './topic-leaders.ts';

export const TOPIC_ERROR_CODES = ['TOPIC_CREATION_FAILED'] as const;

/** Partitions of topics a service creates when its TOPIC_PARTITIONS is not set (every service alike). */
export const DEFAULT_TOPIC_PARTITIONS = 6;

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  /** Also ensure `<topic>.dlq` (the default); only topics some consumer dead-letters need one. */
  deadLetter?: boolean;
}

export interface EnsureTopicsOptions {
  /**
   * Groups of topics that must be co-partitioned (an event-time merge reads partition p of each
   * as one unit): a missing member is created with the partition count its existing members
   * share, so a topic created first elsewhere, with another count, cannot split the group.
   */
  coPartitioned?: readonly (readonly string[])[];
}

/**
 * Creates missing topics and their `.dlq` twins (same partition count, so a dead letter can keep
 * its source partition's key locality). Existing topics are left as they are, whatever their
 * partition count. Safe when several services start at once: a topic another one created in
 * between (TOPIC_ALREADY_EXISTS) counts as existing. Returns what this call created.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const counts = await groupPartitionCounts(admin, existing, options.coPartitioned ?? []);
  const wanted = specs.flatMap((spec) => {
    const sized = { ...spec, partitions: counts.get(spec.topic) ?? spec.partitions };
    return spec.deadLetter === false ? [sized] : [sized, { ...sized, topic: dlqTopic(spec.topic) }];
  });
  const missing = wanted.filter((spec) => !existing.has(spec.topic));
  if (missing.length === 0) return [];
  const raced = new Set<string>();
  try {
    // false: every topic was created by someone else since listTopics (kafkajs swallows that).
    const createdAll = await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor ?? 1,
      })),
    });
    if (!createdAll) for (const spec of missing) raced.add(spec.topic);
  } catch (error) {
    // Created, but kafkajs gave up waiting for the leaders: waited for below.
    if (!isLeaderWaitError(error)) for (const topic of alreadyExisting(error)) raced.add(topic);
  }
  // Topics created by a concurrent caller, or whose leaders kafkajs gave up waiting for.
  await waitForTopicLeaders(
    admin,
    missing.map((spec) => spec.topic),
  );
  return missing.map((spec) => spec.topic).filter((topic) => !raced.has(topic));
}

/** Connects an admin client for the call: what a service does at start-up with CREATE_TOPICS. */
export async function ensureTopicsWith(
  kafka: Kafka,
  specs: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await ensureTopics(admin, specs, options);
  } finally {
    await admin.disconnect();
  }
}

/** For each member of a co-partitioned group: the count its existing members agree on. */
async function groupPartitionCounts(
  admin: Admin,
  existing: ReadonlySet<string>,
  groups: readonly (readonly string[])[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const group of groups) {
    const present = group.filter((topic) => existing.has(topic));
    if (present.length === 0 || present.length === group.length) continue;
    const { topics } = await admin.fetchTopicMetadata({ topics: present });
    const distinct = new Set(topics.map((topic) => topic.partitions.length));
    // Members already disagree: nothing created now can fix that; the consumer's check reports it.
    if (distinct.size !== 1) continue;
    const [count] = distinct;
    for (const topic of group) if (count !== undefined) counts.set(topic, count);
  }
  return counts;
}

/**
 * kafkajs waits for leaders through LEADER_NOT_AVAILABLE only; a KRaft broker whose metadata
 * lags CreateTopics answers UNKNOWN_TOPIC_OR_PARTITION for a topic it has just created.
 */
function isLeaderWaitError(error: unknown): boolean {
  return (error as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

/**
 * The topics of a CreateTopics failure that exist already (a concurrent creator won). Any other
 * per-topic refusal (policy, replication factor, authorization) is a configuration problem.
 */
function alreadyExisting(error: unknown): string[] {
  const errors = (error as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) throw error;
  const perTopic = errors as {
    type?: string;
    topic?: string;
    message?: string;
    retriable?: boolean;
  }[];
  const refused = perTopic.filter((e) => e.type !== 'TOPIC_ALREADY_EXISTS');
  if (refused.length === 0) return perTopic.map((e) => e.topic ?? '');
  const listing = refused.map((e) => `${e.topic ?? '?'}: ${e.message ?? e.type ?? '?'}`).join('; ');
  const details = Object.fromEntries(refused.map((e) => [e.topic ?? '?', e.type ?? e.message]));
  // A retriable refusal (controller moving, broker starting) is an outage: start-up waits it out.
  if (refused.some((e) => e.retriable === true))
    throw new VigilError('DEPENDENCY_UNAVAILABLE', `could not create topics yet (${listing})`, {
      retryable: true,
      cause: error,
      details,
    });
  throw new VigilError('TOPIC_CREATION_FAILED', `could not create topics (${listing})`, {
    retryable: false,
    cause: error,
    details,
  });
}
