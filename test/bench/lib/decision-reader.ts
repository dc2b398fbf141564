import type { Kafka } from 'kafkajs';
import {
  emptyTally,
  originalEventId,
  tallyDecision,
  type DecisionTally,
} from './decision-tally.ts';
import { watchOutputs, type OutputWatcher } from './output-watcher.ts';

export interface DecisionReader {
  /** When each produced event's decision became visible (follow-ups left out), duplicates. */
  watcher: OutputWatcher;
  /** Outcomes, follow-ups and flagged decision ids, updated as decisions are read. */
  tally: DecisionTally;
  stop(): Promise<void>;
}

/**
 * Reads the decisions topic read_committed, as the notifier and upstream consumers see it.
 * `onDecision` sees every decision this reader reads (follow-ups included), so whatever a caller
 * derives from it is complete once the run's checks found every event decided; a second consumer
 * of the same topic can still be behind then (a rejoin after a broker restart).
 */
export async function readDecisions(
  kafka: Kafka,
  topic: string,
  onDecision?: (value: Record<string, unknown>) => void,
): Promise<DecisionReader> {
  const tally = emptyTally();
  const followUpIds = new Set<string>();
  const watcher = await watchOutputs(kafka, topic, {
    idOf: originalEventId,
    onOutput: (value) => {
      tallyDecision(tally, followUpIds, value);
      onDecision?.(value);
    },
  });
  return { watcher, tally, stop: () => watcher.stop() };
}
