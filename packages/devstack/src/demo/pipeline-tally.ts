import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { forgetGroup } from '../stack/stack-kafka-names.ts';
import {
  accountCommand,
  DECISION_OUTCOMES,
  riskDecision,
  type DecisionOutcome,
} from '@vigil/events';
import type { DecisionView } from '@vigil/simulator';

export interface TallySnapshot {
  decisions: Record<DecisionOutcome, number>;
  /** Distinct eventIds decided (follow-ups included, each has an id of its own). */
  decidedEvents: number;
  duplicateDecisions: number;
  /** `lock` counts locks until unlocked; `timedLock` temporary (brute-force) locks. */
  commands: { lock: number; unlock: number; timedLock: number };
  deadLetters: number;
}

export interface PipelineTally {
  snapshot(): TallySnapshot;
  /** Every decision read so far (eventId and outcome), for the detection report. */
  decisions(): DecisionView[];
  stop(): Promise<void>;
}

function emptyOutcomes(): Record<DecisionOutcome, number> {
  return Object.fromEntries(DECISION_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    DecisionOutcome,
    number
  >;
}

/**
 * Counts what the pipeline produced (decisions by outcome, lock/unlock commands, dead letters)
 * by reading the topics in a group of its own (read_committed: what downstream consumers see);
 * keeps counters and each decision's eventId and outcome.
 */
export async function startPipelineTally(
  kafka: Kafka,
  topics: { decisions: string; accountCommands: string; deadLetters: readonly string[] },
): Promise<PipelineTally> {
  const decisions = emptyOutcomes();
  const decided = new Map<string, DecisionOutcome>();
  const views: DecisionView[] = [];
  const commands = { lock: 0, unlock: 0, timedLock: 0 };
  let duplicateDecisions = 0;
  let deadLetters = 0;
  const dlq = new Set(topics.deadLetters);
  const groupId = `devstack-tally-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 250,
  });
  await consumer.connect();
  await consumer.subscribe({
    topics: [topics.decisions, topics.accountCommands, ...dlq],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: ({ topic, message }) => {
      if (dlq.has(topic)) {
        deadLetters += 1;
        return Promise.resolve();
      }
      let value: unknown;
      try {
        value = JSON.parse(message.value?.toString('utf8') ?? 'null');
      } catch {
        return Promise.resolve();
      }
      if (topic === topics.decisions) {
        const parsed = riskDecision.safeParse(value);
        if (parsed.success) {
          decisions[parsed.data.outcome] += 1;
          if (decided.has(parsed.data.eventId)) duplicateDecisions += 1;
          decided.set(parsed.data.eventId, parsed.data.outcome);
          const { eventId, outcome, reasons, accountId, occurredAt, followUp } = parsed.data;
          // accountId and occurredAt place it in its account's order (inversions); a follow-up
          // counts for the event it revisits.
          views.push({
            eventId,
            outcome,
            reasons: reasons.map(({ rule }) => ({ rule })),
            accountId,
            occurredAt,
            ...(followUp ? { followUp } : {}),
          });
        }
      } else {
        const parsed = accountCommand.safeParse(value);
        if (parsed.success) {
          const { action, expiresAt } = parsed.data;
          commands[action === 'lock' && expiresAt !== undefined ? 'timedLock' : action] += 1;
        }
      }
      return Promise.resolve();
    },
  });
  return {
    snapshot: () => ({
      decisions: { ...decisions },
      decidedEvents: decided.size,
      duplicateDecisions,
      commands: { ...commands },
      deadLetters,
    }),
    decisions: () => [...views],
    async stop() {
      await consumer.disconnect();
      await forgetGroup(kafka, groupId);
    },
  };
}
