// Original file: vigil/cases/v1/cases.proto

import type { DecisionOutcome as _vigil_cases_v1_DecisionOutcome, DecisionOutcome__Output as _vigil_cases_v1_DecisionOutcome__Output } from '../../../vigil/cases/v1/DecisionOutcome.ts';
import type { LedgerReason as _vigil_cases_v1_LedgerReason, LedgerReason__Output as _vigil_cases_v1_LedgerReason__Output } from '../../../vigil/cases/v1/LedgerReason.ts';

/**
 * A flagged decision of the account, from case-service's decision ledger.
 */
export interface AccountDecision {
  'decisionId'?: (string);
  'eventId'?: (string);
  /**
   * transaction | login | account_change; unset for decisions kept before the ledger recorded it.
   */
  'eventType'?: (string);
  /**
   * 0..100; unset for decisions kept before the ledger recorded it.
   */
  'score'?: (number | string);
  'outcome'?: (_vigil_cases_v1_DecisionOutcome);
  /**
   * Enforce rules that fired, and shadow rules that would have.
   */
  'rules'?: (string)[];
  'shadowRules'?: (string)[];
  /**
   * The enforce reasons in words; empty for decisions kept before the ledger recorded them.
   */
  'reasons'?: (_vigil_cases_v1_LedgerReason)[];
  'transactionId'?: (string);
  'decidedAt'?: (string);
  '_eventType'?: "eventType";
  '_score'?: "score";
  '_transactionId'?: "transactionId";
}

/**
 * A flagged decision of the account, from case-service's decision ledger.
 */
export interface AccountDecision__Output {
  'decisionId': (string);
  'eventId': (string);
  /**
   * transaction | login | account_change; unset for decisions kept before the ledger recorded it.
   */
  'eventType'?: (string);
  /**
   * 0..100; unset for decisions kept before the ledger recorded it.
   */
  'score'?: (number);
  'outcome': (_vigil_cases_v1_DecisionOutcome__Output);
  /**
   * Enforce rules that fired, and shadow rules that would have.
   */
  'rules': (string)[];
  'shadowRules': (string)[];
  /**
   * The enforce reasons in words; empty for decisions kept before the ledger recorded them.
   */
  'reasons': (_vigil_cases_v1_LedgerReason__Output)[];
  'transactionId'?: (string);
  'decidedAt': (string);
  '_eventType'?: "eventType";
  '_score'?: "score";
  '_transactionId'?: "transactionId";
}
