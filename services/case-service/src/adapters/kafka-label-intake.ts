import { disputeEvent, riskDecision, riskFeedback } from '@vigil/events';
import {
  createConsumerRunner,
  type ConsumerRunner,
  type ConsumerRunnerOptions,
  type Subscription,
} from '@vigil/kafka';
import type { LabelInput } from '../app/ingest-labels.ts';

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
 * kafkajs's default: only decisions whose engine transaction committed). The runner commits a
 * batch's offsets once `ingest` resolved, i.e. once its rows are durable; while PostgreSQL is
 * down the partition stalls and retries. A topic without traffic (disputes, often) is just idle.
 */
export function createLabelIntakeConsumer(
  options: Omit<ConsumerRunnerOptions<LabelInput>, 'subscriptions' | 'handler'> & {
    topics: LabelTopics;
    ingest: (batch: {
      topic: string;
      partition: number;
      records: { offset: string; value: LabelInput }[];
    }) => Promise<void>;
  },
): ConsumerRunner {
  const { topics, ingest, ...runner } = options;
  return createConsumerRunner<LabelInput>({
    ...runner,
    subscriptions: labelSubscriptions(topics),
    handler: (records, ctx) =>
      ingest({
        topic: ctx.topic,
        partition: ctx.partition,
        records: records.map((r) => ({ offset: r.offset, value: r.value })),
      }),
  });
}
