import { accountCommand, DECISION_OUTCOME_HEADER, riskDecision } from '@vigil/events';
import type { OutputBatch } from '@vigil/kafka';
import type { UnitOutputs } from '../app/score-batch.ts';

/** Decisions and lock commands as Kafka outputs on their (configurable) topics. */
export function decisionOutputs(topics: {
  decisions: string;
  accountCommands: string;
}): (unit: UnitOutputs) => OutputBatch<unknown>[] {
  return ({ decisions, commands }) => [
    {
      topic: topics.decisions,
      schema: riskDecision,
      // The outcome as a header too: the case raiser passes over allow and challenge unparsed.
      messages: decisions.map((value) => ({
        value,
        headers: { [DECISION_OUTCOME_HEADER]: value.outcome },
      })),
    },
    {
      topic: topics.accountCommands,
      schema: accountCommand,
      messages: commands.map((value) => ({ value })),
    },
  ];
}
