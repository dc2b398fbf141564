import { dlqTopic } from '@vigil/events';
import type { Admin, Kafka } from 'kafkajs';
import { disputesTopic, type StackOptions } from './stack-plan.ts';

/** The consumer groups a stack's services join, each named after the run. */
export interface StackGroupIds {
  riskEngine: string;
  riskEngineFeedback: string;
  riskEngineCases: string;
  caseServiceLabels: string;
  notifier: string;
}

export function stackGroupIds(runId: string): StackGroupIds {
  return {
    riskEngine: `risk-engine-${runId}`,
    riskEngineFeedback: `risk-engine-feedback-${runId}`,
    riskEngineCases: `risk-engine-cases-${runId}`,
    caseServiceLabels: `case-service-labels-${runId}`,
    notifier: `notifier-${runId}`,
  };
}

/** Every group of `stackGroupIds`. */
export function stackGroupList(runId: string): string[] {
  const ids = stackGroupIds(runId);
  return [
    ids.riskEngine,
    ids.riskEngineFeedback,
    ids.riskEngineCases,
    ids.caseServiceLabels,
    ids.notifier,
  ];
}

/**
 * What a stack leaves on the broker beyond the topics its caller made: the services' consumer
 * groups (their committed offsets outlive the run by the broker's offsets retention, 7 days by
 * default) and, when the caller named no disputes topic, the run's own one and its .dlq twin,
 * which case-service creates.
 */
export function stackKafkaNames(options: Pick<StackOptions, 'runId' | 'topics'>): {
  groups: string[];
  topics: string[];
} {
  const own =
    options.topics.disputes === undefined
      ? disputesTopic(options.topics, options.runId)
      : undefined;
  return {
    groups: stackGroupList(options.runId),
    topics: own === undefined ? [] : [own, dlqTopic(own)],
  };
}

/**
 * Deletes the groups and topics of `stackKafkaNames` once the stack has stopped (a group with a
 * member is refused, and thrown). What was never created is skipped.
 */
export async function removeStackKafkaNames(
  admin: Admin,
  names: { groups: readonly string[]; topics: readonly string[] },
): Promise<void> {
  // Only what exists: kafkajs retries a delete of an unknown group or topic for ~20 s.
  const groups = new Set((await admin.listGroups()).groups.map((group) => group.groupId));
  const ownGroups = names.groups.filter((group) => groups.has(group));
  if (ownGroups.length > 0) await admin.deleteGroups(ownGroups);
  const topics = new Set(await admin.listTopics());
  const ownTopics = names.topics.filter((topic) => topics.has(topic));
  if (ownTopics.length > 0) await admin.deleteTopics({ topics: ownTopics, timeout: 10_000 });
}

/** Deletes a reader's own group once it has disconnected: its offsets would outlive the run. */
export async function forgetGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await removeStackKafkaNames(admin, { groups: [groupId], topics: [] });
  } finally {
    await admin.disconnect();
  }
}
