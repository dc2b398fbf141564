// Original file: vigil/cases/v1/cases.proto

import type { CaseStatus as _vigil_cases_v1_CaseStatus, CaseStatus__Output as _vigil_cases_v1_CaseStatus__Output } from '../../../vigil/cases/v1/CaseStatus.ts';
import type { Severity as _vigil_cases_v1_Severity, Severity__Output as _vigil_cases_v1_Severity__Output } from '../../../vigil/cases/v1/Severity.ts';

/**
 * ListCases's filters; every severity asked for (all four when none) gets a count.
 */
export interface CountCasesRequest {
  'statuses'?: (_vigil_cases_v1_CaseStatus)[];
  'severities'?: (_vigil_cases_v1_Severity)[];
  'assignee'?: (string);
  'accountId'?: (string);
  'createdAfter'?: (string);
  'createdBefore'?: (string);
  /**
   * 1..1000, default 200: a count equal to the cap means "this many or more".
   */
  'cap'?: (number);
  '_assignee'?: "assignee";
  '_accountId'?: "accountId";
  '_createdAfter'?: "createdAfter";
  '_createdBefore'?: "createdBefore";
}

/**
 * ListCases's filters; every severity asked for (all four when none) gets a count.
 */
export interface CountCasesRequest__Output {
  'statuses': (_vigil_cases_v1_CaseStatus__Output)[];
  'severities': (_vigil_cases_v1_Severity__Output)[];
  'assignee'?: (string);
  'accountId'?: (string);
  'createdAfter'?: (string);
  'createdBefore'?: (string);
  /**
   * 1..1000, default 200: a count equal to the cap means "this many or more".
   */
  'cap': (number);
  '_assignee'?: "assignee";
  '_accountId'?: "accountId";
  '_createdAfter'?: "createdAfter";
  '_createdBefore'?: "createdBefore";
}
