import {
  accountCommand,
  DECISION_OUTCOME_HEADER,
  riskFeedback,
  type DecisionOutcome,
} from '@vigil/events';
import {
  createConsumerRunner,
  headerIsOneOf,
  type FetchHandler,
  type ConsumerRunner,
  type ConsumerRunnerOptions,
  type Subscription,
} from '@vigil/kafka';
import { retryWhileUnavailable } from '@vigil/lifecycle';
import type { Logger } from '@vigil/observability';
import type { NoticeIntake } from '../app/intake-notices.ts';
import { notifierDecision } from '../domain/decision-context.ts';
import type { IntakeRecord } from '../domain/plan-notification.ts';

/**
 * Allow and review decisions tell the customer nothing (planFromDecision): passed over by their
 * outcome header before they are decoded (~18 µs each with the full decision schema), as most
 * decisions are. A decision without the header (an older engine) is decoded as before.
 */
export const withoutNotice = headerIsOneOf(DECISION_OUTCOME_HEADER, [
  'allow',
  'review',
] satisfies DecisionOutcome[]);

/** Decisions, feedback and account commands, each validated by its schema and tagged by source, for one group. */
export function intakeSubscriptions(topics: {
  decisions: string;
  feedback: string;
  accountCommands: string;
}): Subscription<IntakeRecord>[] {
  return [
    {
      topic: topics.decisions,
      schema: notifierDecision.transform((decision): IntakeRecord => ({
        source: 'decision',
        decision,
      })),
      skip: withoutNotice,
    },
    {
      topic: topics.feedback,
      schema: riskFeedback.transform((feedback): IntakeRecord => ({
        source: 'feedback',
        feedback,
      })),
    },
    {
      topic: topics.accountCommands,
      schema: accountCommand.transform((command): IntakeRecord => ({
        source: 'command',
        command,
      })),
    },
  ];
}

/** The consumer runner commits a batch's offsets once this resolves, i.e. once its rows are durable. */
export function kafkaIntakeHandler(intake: NoticeIntake): FetchHandler<IntakeRecord> {
  return (records, ctx) => intake({ records, logger: ctx.logger });
}

/**
 * Starts the intake consumer, waiting (not ready) through a missing topic or an unreachable broker
 * instead of crash-looping. A runner starts only once, so one that failed is stopped and replaced.
 */
export function startKafkaIntake(
  options: ConsumerRunnerOptions<IntakeRecord>,
  logger: Logger,
): Promise<ConsumerRunner> {
  return retryWhileUnavailable(
    'kafka consumer start',
    async () => {
      const candidate = createConsumerRunner(options);
      try {
        await candidate.start();
        return candidate;
      } catch (error) {
        await candidate.stop().catch(() => undefined);
        throw error;
      }
    },
    logger,
  );
}
