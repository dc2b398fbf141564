import type { AccountCommand, RiskDecision } from '@vigil/events';

/** Raises (or attaches to the open) case for a decision; idempotent on decisionId. */
export interface CaseGateway {
  raiseCase(decision: RiskDecision): Promise<{ caseId: string }>;
}

/** The consumed position a batch's outputs belong to. */
export interface BatchSource {
  topic: string;
  partition: number;
  nextOffset: string;
}

/** Publishes a batch's decisions and lock commands together with its offset, atomically. */
export interface DecisionPublisher {
  /** Called when a batch starts, before any state changes (see TransactionalPublisher.prepare). */
  prepare(source: Omit<BatchSource, 'nextOffset'>, attempt: number): Promise<void>;
  publish(
    source: BatchSource,
    decisions: readonly RiskDecision[],
    commands: readonly AccountCommand[],
  ): Promise<void>;
}

/** What a decision was about, kept so later feedback can deny-list the card and IP too. */
export interface DecisionSubject {
  decisionId: string;
  accountId: string;
  deviceId?: string | undefined;
  ip?: string | undefined;
  cardFingerprint?: string | undefined;
}

/** Remembers subjects of non-allow decisions (the only ones feedback can be about). */
export interface DecisionSubjectStore {
  remember(subjects: readonly DecisionSubject[]): Promise<void>;
  lookup(accountId: string, decisionId: string): Promise<DecisionSubject | undefined>;
}
