import type { RiskDecision } from '@vigil/events';

/** What a CaseGateway fails with when case-service refuses the decision itself (never retried). */
export const CASE_GATEWAY_ERROR_CODES = ['CASE_DECISION_REFUSED'] as const;
export type CaseGatewayErrorCode = (typeof CASE_GATEWAY_ERROR_CODES)[number];

/**
 * Raises (or attaches to the open) case for a decision; idempotent on decisionId. Fails with a
 * VigilError: `CASE_DECISION_REFUSED` when case-service refuses this decision as invalid (retrying
 * cannot help), anything else while it cannot answer (down, slow, a bad token): retried.
 */
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
