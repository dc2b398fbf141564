import { disputeEvent, riskDecision, riskFeedback } from '@vigil/events';
import {
  createConsumerRunner,
  type ConsumerRunner,
  type ConsumerRunnerSettings,
  type Subscription,
} from '@vigil/kafka';
import type { LabelInput, LabelRecord } from '../app/ingest-labels.ts';

export interface LabelTopics {
  decisions: string;
  feedback: string;
  disputes: string;
}

/** Each topic validated by its own schema (a bad record goes to that topic's .dlq), tagged. */
export function labelSubscriptions(topics: LabelTopics): Subscription<LabelInput>[] {
  return [
    {
      topic: topics.decisions,
      schema: riskDecision.transform((decision): LabelInput => ({ kind: 'decision', decision })),
    },
    {
      topic: topics.feedback,
      schema: riskFeedback.transform((feedback): LabelInput => ({ kind: 'feedback', feedback })),
    },
    {
      topic: topics.disputes,
      schema: disputeEvent.transform((dispute): LabelInput => ({ kind: 'dispute', dispute })),
    },
  ];
}

/**
 * The label intake's consumer: one group reading decisions, feedback and disputes (read_committed,
 * kafkajs's default: only decisions whose engine transaction committed). `ingest` gets the records
 * of every partition a fetch returned at once (one ledger transaction per fetch, not per
 * partition); the runner commits their offsets once it resolved, i.e. once their rows are
 * durable; while PostgreSQL is down the partitions stall and retry. A topic without traffic
 * (disputes, often) is just idle.
 */
export function createLabelIntakeConsumer(
  options: Omit<ConsumerRunnerSettings<LabelInput>, 'subscriptions'> & {
    topics: LabelTopics;
    ingest: (records: LabelRecord[]) => Promise<void>;
  },
): ConsumerRunner {
  const { topics, ingest, ...runner } = options;
  return createConsumerRunner<LabelInput>({
    ...runner,
    subscriptions: labelSubscriptions(topics),
    fetchHandler: (records) => ingest(records),
  });
}
