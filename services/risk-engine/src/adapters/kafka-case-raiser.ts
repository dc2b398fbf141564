import { z } from 'zod';
import {
  DECISION_OUTCOME_HEADER,
  riskDecision,
  type DecisionOutcome,
  type RiskDecision,
} from '@vigil/events';
import {
  CONSUMER_RETRY_POLICY,
  createConsumerRunner,
  headerIsOneOf,
  PermanentRecordError,
  type ConsumerRunner,
  type ConsumerRunnerOptions,
  type RunnerTimings,
} from '@vigil/kafka';
import type { CaseRaiser } from '../app/raise-cases.ts';

/**
 * Only review and block decisions raise cases, and nine in ten decisions are neither: those are
 * told apart by their outcome alone (null) without validating the rest of a decision that is
 * not this consumer's to judge; review and block decisions are validated in full.
 */
const caseCandidate = z.union([
  z.object({ outcome: z.enum(['allow', 'challenge']) }).transform(() => null),
  riskDecision,
]);

/**
 * A decision whose header says allow or challenge is passed over before it is decoded: most
 * decisions are, and decoding one costs ~6 µs of the engine's own thread. Decisions without the
 * header (an older producer) are decoded and told apart as above.
 */
export const withoutCase = headerIsOneOf(DECISION_OUTCOME_HEADER, [
  'allow',
  'challenge',
] satisfies DecisionOutcome[]);

/** A case-service back after an outage gets the backlog within seconds, not the runner's 30 s. */
const CASE_RAISER_RETRY = { ...CONSUMER_RETRY_POLICY, maxDelayMs: 10_000 };

/**
 * The case raiser's consumer: reads the decisions topic (read_committed, so only decisions whose
 * transaction committed) in its own group and hands each partition batch to the raiser. The
 * runner commits the batch's offsets only after the raiser resolved, i.e. after case-service
 * acknowledged every case of it; while case-service fails, this partition stalls and retries with
 * backoff (decisions keep being made and published). A decision case-service refuses as invalid
 * goes to the decisions topic's .dlq with its reason, and the partition moves on.
 */
export function createCaseRaiserConsumer(
  options: Pick<
    ConsumerRunnerOptions<RiskDecision | null>,
    'kafka' | 'groupId' | 'logger' | 'registry'
  > &
    RunnerTimings & {
      decisionsTopic: string;
      raise: CaseRaiser;
    },
): ConsumerRunner {
  const { decisionsTopic, raise, ...runner } = options;
  // Per partition, what case-service already acknowledged while a batch is being retried.
  const acknowledged = new Map<string, Set<string>>();
  return createConsumerRunner<RiskDecision | null>({
    ...runner,
    subscriptions: [{ topic: decisionsTopic, schema: caseCandidate, skip: withoutCase }],
    handler: async (records, ctx) => {
      const source = `${ctx.topic}-${ctx.partition}`;
      const done = acknowledged.get(source) ?? new Set<string>();
      acknowledged.set(source, done);
      const candidates = records.flatMap((record) =>
        record.value ? [{ record, decision: record.value }] : [],
      );
      const { refused } = await raise(
        candidates.map(({ record, decision }) => ({
          decision,
          publishedAt: Number(record.timestamp),
        })),
        done,
      );
      for (const { index, error } of refused)
        await ctx.deadLetter(
          new PermanentRecordError(candidates[index]!.record, error.code, error.message, {
            cause: error,
          }),
        );
      acknowledged.delete(source);
    },
    retry: CASE_RAISER_RETRY,
  });
}
