// Original file: vigil/cases/v1/cases.proto

import type { SeverityCount as _vigil_cases_v1_SeverityCount, SeverityCount__Output as _vigil_cases_v1_SeverityCount__Output } from '../../../vigil/cases/v1/SeverityCount.ts';

export interface CountCasesResponse {
  'counts'?: (_vigil_cases_v1_SeverityCount)[];
  'cap'?: (number);
}

export interface CountCasesResponse__Output {
  'counts': (_vigil_cases_v1_SeverityCount__Output)[];
  'cap': (number);
}
