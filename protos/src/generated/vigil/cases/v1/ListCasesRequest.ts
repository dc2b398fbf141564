// Original file: vigil/cases/v1/cases.proto

import type { CaseStatus as _vigil_cases_v1_CaseStatus, CaseStatus__Output as _vigil_cases_v1_CaseStatus__Output } from '../../../vigil/cases/v1/CaseStatus.ts';
import type { Severity as _vigil_cases_v1_Severity, Severity__Output as _vigil_cases_v1_Severity__Output } from '../../../vigil/cases/v1/Severity.ts';
import type { ListOrder as _vigil_cases_v1_ListOrder, ListOrder__Output as _vigil_cases_v1_ListOrder__Output } from '../../../vigil/cases/v1/ListOrder.ts';

export interface ListCasesRequest {
  'statuses'?: (_vigil_cases_v1_CaseStatus)[];
  'severities'?: (_vigil_cases_v1_Severity)[];
  'assignee'?: (string);
  'accountId'?: (string);
  /**
   * Inclusive lower / exclusive upper bound on the case's opening time.
   */
  'createdAfter'?: (string);
  'createdBefore'?: (string);
  'order'?: (_vigil_cases_v1_ListOrder);
  /**
   * 1..200, default 50.
   */
  'pageSize'?: (number);
  /**
   * next_page_token of the previous page; the filters and order must stay the same.
   */
  'pageToken'?: (string);
  '_assignee'?: "assignee";
  '_accountId'?: "accountId";
  '_createdAfter'?: "createdAfter";
  '_createdBefore'?: "createdBefore";
}

export interface ListCasesRequest__Output {
  'statuses': (_vigil_cases_v1_CaseStatus__Output)[];
  'severities': (_vigil_cases_v1_Severity__Output)[];
  'assignee'?: (string);
  'accountId'?: (string);
  /**
   * Inclusive lower / exclusive upper bound on the case's opening time.
   */
  'createdAfter'?: (string);
  'createdBefore'?: (string);
  'order': (_vigil_cases_v1_ListOrder__Output);
  /**
   * 1..200, default 50.
   */
  'pageSize': (number);
  /**
   * next_page_token of the previous page; the filters and order must stay the same.
   */
  'pageToken': (string);
  '_assignee'?: "assignee";
  '_accountId'?: "accountId";
  '_createdAfter'?: "createdAfter";
  '_createdBefore'?: "createdBefore";
}
