// Original file: vigil/cases/v1/cases.proto

import type { CaseSummary as _vigil_cases_v1_CaseSummary, CaseSummary__Output as _vigil_cases_v1_CaseSummary__Output } from '../../../vigil/cases/v1/CaseSummary.ts';

export interface ListCasesResponse {
  'cases'?: (_vigil_cases_v1_CaseSummary)[];
  /**
   * Empty on the last page.
   */
  'nextPageToken'?: (string);
}

export interface ListCasesResponse__Output {
  'cases': (_vigil_cases_v1_CaseSummary__Output)[];
  /**
   * Empty on the last page.
   */
  'nextPageToken': (string);
}
