import type { DecisionOutcome } from '@vigil/events';
import type { LedgerReason } from './decision-ledger.ts';
import type { Verdict } from './labels.ts';

/** The most of each list GetAccountActivity returns (and the default). */
export const ACCOUNT_ACTIVITY_MAX = 50;

/**
 * A flagged decision of the account as the ledger kept it. Rows kept before the ledger recorded
 * event type, score and reasons in words have none of them (the rule ids are always there).
 */
export interface AccountDecisionRecord {
  decisionId: string;
  eventId: string;
  eventType: string | undefined;
  score: number | undefined;
  outcome: DecisionOutcome;
  rules: string[];
  shadowRules: string[];
  reasons: LedgerReason[];
  transactionId: string | undefined;
  decidedAt: Date;
}

/** The customer's "was this you?" answer about one decision: legit = "it was me", fraud = "not me". */
export interface CustomerAnswerRecord {
  decisionId: string;
  verdict: Verdict;
  answeredAt: Date;
}

/** One status record of a dispute about one of the account's payments. */
export interface AccountDisputeRecord {
  disputeId: string;
  status: string;
  transactionId: string;
  reasonFamily: string;
  /** Integer minor units, as a decimal string (bigint in PostgreSQL). */
  amountMinor: string;
  currency: string;
  occurredAt: Date;
}

/** What case-service knows of an account beyond its cases; each list newest first. */
export interface AccountActivity {
  decisions: AccountDecisionRecord[];
  answers: CustomerAnswerRecord[];
  disputes: AccountDisputeRecord[];
}
