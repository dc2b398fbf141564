import type { RiskDecision } from '@vigil/events';

/** Raises (or attaches to the open) case for a decision; idempotent on decisionId. */
export interface CaseGateway {
  raiseCase(decision: RiskDecision): Promise<{ caseId: string }>;
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

/** A block decision that would lock its account. */
export interface LockClaim {
  accountId: string;
  decisionId: string;
}

/**
 * Remembers the lock last sent per account, so a burst of blocks on an account that is already
 * locked does not send the identity service one lock command each.
 */
export interface LockLedger {
  /**
   * Which of these decisions should send their lock command: the first per account within the
   * hold period, and that same decision again when its batch is replayed (a retried batch must
   * publish what its first attempt would have).
   */
  claim(locks: readonly LockClaim[]): Promise<Set<string>>;
  /** The account was cleared (legit feedback, unlock): its next block locks again. */
  release(accountId: string): Promise<void>;
}
