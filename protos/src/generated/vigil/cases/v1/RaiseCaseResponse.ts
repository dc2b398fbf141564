// Original file: vigil/cases/v1/cases.proto

import type { Severity as _vigil_cases_v1_Severity, Severity__Output as _vigil_cases_v1_Severity__Output } from '../../../vigil/cases/v1/Severity.ts';

export interface RaiseCaseResponse {
  'caseId'?: (string);
  'alertId'?: (string);
  /**
   * False when the account already had an open case and the alert was attached to it.
   */
  'caseCreated'?: (boolean);
  /**
   * False when this decision had been raised before (idempotent replay).
   */
  'alertCreated'?: (boolean);
  /**
   * The case's severity after this alert.
   */
  'severity'?: (_vigil_cases_v1_Severity);
}

export interface RaiseCaseResponse__Output {
  'caseId': (string);
  'alertId': (string);
  /**
   * False when the account already had an open case and the alert was attached to it.
   */
  'caseCreated': (boolean);
  /**
   * False when this decision had been raised before (idempotent replay).
   */
  'alertCreated': (boolean);
  /**
   * The case's severity after this alert.
   */
  'severity': (_vigil_cases_v1_Severity__Output);
}
