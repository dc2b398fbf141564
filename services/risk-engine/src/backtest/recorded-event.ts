import { z } from 'zod';
import {
  accountChangeEvent,
  loginEvent,
  TOPICS,
  transactionEvent,
  type ScoredEvent,
} from '@vigil/events';
import { eventTime } from '@vigil/rules';

/** An input event as recorded on its topic, and where it was read from (topic/partition/offset). */
export interface RecordedEvent {
  scored: ScoredEvent;
  origin: string;
}

/**
 * One line of a backtest archive: the logical topic, where the record was, and its value as
 * the topic carried it. Archives are what a backtest read from Kafka, kept so the same history
 * can be replayed after the topics' retention dropped it (and replayed identically).
 */
export const archiveLine = z.object({
  topic: z.enum([TOPICS.transactions, TOPICS.logins, TOPICS.accountChanges]),
  origin: z.string().min(1),
  value: z.unknown(),
});
export type ArchiveLine = z.infer<typeof archiveLine>;

export type InputTopic = ArchiveLine['topic'];

/** Validates a value read from an input topic: the engine's own schemas, so bad records are skipped as the engine would dead-letter them. */
export function recordedEventOf(
  topic: InputTopic,
  value: unknown,
  origin: string,
): RecordedEvent | undefined {
  switch (topic) {
    case TOPICS.transactions: {
      const parsed = transactionEvent.safeParse(value);
      return parsed.success
        ? { scored: { kind: 'transaction', event: parsed.data }, origin }
        : undefined;
    }
    case TOPICS.logins: {
      const parsed = loginEvent.safeParse(value);
      return parsed.success ? { scored: { kind: 'login', event: parsed.data }, origin } : undefined;
    }
    case TOPICS.accountChanges: {
      const parsed = accountChangeEvent.safeParse(value);
      return parsed.success
        ? { scored: { kind: 'account_change', event: parsed.data }, origin }
        : undefined;
    }
  }
}

/** The archive line of a recorded event: its topic, where it was read and its value. */
export function archiveLineOf({ scored, origin }: RecordedEvent): ArchiveLine {
  return { topic: topicOf(scored), origin, value: scored.event };
}

/** An archive line (as parsed from JSON) validated with the engine's schemas; undefined when it is not one. */
export function recordedEventOfLine(line: unknown): RecordedEvent | undefined {
  const parsed = archiveLine.safeParse(line);
  return parsed.success
    ? recordedEventOf(parsed.data.topic, parsed.data.value, parsed.data.origin)
    : undefined;
}

export function topicOf(scored: ScoredEvent): InputTopic {
  switch (scored.kind) {
    case 'transaction':
      return TOPICS.transactions;
    case 'login':
      return TOPICS.logins;
    case 'account_change':
      return TOPICS.accountChanges;
  }
}

/**
 * Event-time order, the order the engine's merge gives an account's events; ties by origin so
 * the same history always replays in the same order whatever order it was read in.
 */
export function inEventTimeOrder(events: readonly RecordedEvent[]): RecordedEvent[] {
  const timed = events.map((recorded) => ({ recorded, at: eventTime(recorded.scored) }));
  timed.sort((a, b) =>
    a.at !== b.at ? a.at - b.at : a.recorded.origin < b.recorded.origin ? -1 : 1,
  );
  return timed.map(({ recorded }) => recorded);
}
