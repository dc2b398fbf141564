// Original file: vigil/cases/v1/cases.proto

import type { DecisionOutcome as _vigil_cases_v1_DecisionOutcome, DecisionOutcome__Output as _vigil_cases_v1_DecisionOutcome__Output } from '../../../vigil/cases/v1/DecisionOutcome.ts';
import type { Reason as _vigil_cases_v1_Reason, Reason__Output as _vigil_cases_v1_Reason__Output } from '../../../vigil/cases/v1/Reason.ts';
import type { Subject as _vigil_cases_v1_Subject, Subject__Output as _vigil_cases_v1_Subject__Output } from '../../../vigil/cases/v1/Subject.ts';

/**
 * The risk engine's decision, as published on risk.decisions.v1.
 */
export interface RaiseCaseRequest {
  /**
   * Idempotency key: raising the same decision twice returns the first alert.
   */
  'decisionId'?: (string);
  'eventId'?: (string);
  /**
   * transaction | login | account_change
   */
  'eventType'?: (string);
  'accountId'?: (string);
  /**
   * 0..100
   */
  'score'?: (number | string);
  'outcome'?: (_vigil_cases_v1_DecisionOutcome);
  'reasons'?: (_vigil_cases_v1_Reason)[];
  'occurredAt'?: (string);
  'decidedAt'?: (string);
  'subject'?: (_vigil_cases_v1_Subject | null);
}

/**
 * The risk engine's decision, as published on risk.decisions.v1.
 */
export interface RaiseCaseRequest__Output {
  /**
   * Idempotency key: raising the same decision twice returns the first alert.
   */
  'decisionId': (string);
  'eventId': (string);
  /**
   * transaction | login | account_change
   */
  'eventType': (string);
  'accountId': (string);
  /**
   * 0..100
   */
  'score': (number);
  'outcome': (_vigil_cases_v1_DecisionOutcome__Output);
  'reasons': (_vigil_cases_v1_Reason__Output)[];
  'occurredAt': (string);
  'decidedAt': (string);
  'subject': (_vigil_cases_v1_Subject__Output | null);
}
