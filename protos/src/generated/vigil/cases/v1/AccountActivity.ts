// Original file: vigil/cases/v1/cases.proto

import type { AccountDecision as _vigil_cases_v1_AccountDecision, AccountDecision__Output as _vigil_cases_v1_AccountDecision__Output } from '../../../vigil/cases/v1/AccountDecision.ts';
import type { CustomerAnswer as _vigil_cases_v1_CustomerAnswer, CustomerAnswer__Output as _vigil_cases_v1_CustomerAnswer__Output } from '../../../vigil/cases/v1/CustomerAnswer.ts';
import type { AccountDispute as _vigil_cases_v1_AccountDispute, AccountDispute__Output as _vigil_cases_v1_AccountDispute__Output } from '../../../vigil/cases/v1/AccountDispute.ts';

/**
 * What case-service knows of an account beyond its cases, newest first in each list.
 */
export interface AccountActivity {
  /**
   * Only decisions with an enforce or shadow reason are kept (the label ledger): allowed
   * decisions without any rule hit are not listed. Always true; said so consoles can say it too.
   */
  'onlyFlaggedDecisions'?: (boolean);
  'decisions'?: (_vigil_cases_v1_AccountDecision)[];
  'answers'?: (_vigil_cases_v1_CustomerAnswer)[];
  'disputes'?: (_vigil_cases_v1_AccountDispute)[];
  /**
   * Rows older than LABELS_RETENTION_DAYS are pruned; 0 when the label ledger is off.
   */
  'retentionDays'?: (number);
}

/**
 * What case-service knows of an account beyond its cases, newest first in each list.
 */
export interface AccountActivity__Output {
  /**
   * Only decisions with an enforce or shadow reason are kept (the label ledger): allowed
   * decisions without any rule hit are not listed. Always true; said so consoles can say it too.
   */
  'onlyFlaggedDecisions': (boolean);
  'decisions': (_vigil_cases_v1_AccountDecision__Output)[];
  'answers': (_vigil_cases_v1_CustomerAnswer__Output)[];
  'disputes': (_vigil_cases_v1_AccountDispute__Output)[];
  /**
   * Rows older than LABELS_RETENTION_DAYS are pruned; 0 when the label ledger is off.
   */
  'retentionDays': (number);
}
