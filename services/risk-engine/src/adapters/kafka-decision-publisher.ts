import {
  accountCommand,
  riskDecision,
  type AccountCommand,
  type RiskDecision,
} from '@vigil/events';
import type { OutputBatch, TransactionalPublisher } from '@vigil/kafka';
import type { BatchSource, DecisionPublisher } from '../app/ports.ts';

/** Decisions and lock commands on their (configurable) topics, in one transaction with the offset. */
export class KafkaDecisionPublisher implements DecisionPublisher {
  constructor(
    private readonly publisher: TransactionalPublisher,
    private readonly topics: { decisions: string; accountCommands: string },
  ) {}

  prepare(source: Omit<BatchSource, 'nextOffset'>, attempt: number): Promise<void> {
    return this.publisher.prepare(source, attempt);
  }

  publish(
    source: BatchSource,
    decisions: readonly RiskDecision[],
    commands: readonly AccountCommand[],
  ): Promise<void> {
    const outputs: OutputBatch<unknown>[] = [
      {
        topic: this.topics.decisions,
        schema: riskDecision,
        messages: decisions.map((value) => ({ value })),
      },
      {
        topic: this.topics.accountCommands,
        schema: accountCommand,
        messages: commands.map((value) => ({ value })),
      },
    ];
    return this.publisher.publish(source, outputs);
  }
}
