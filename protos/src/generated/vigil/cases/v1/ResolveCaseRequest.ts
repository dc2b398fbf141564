// Original file: vigil/cases/v1/cases.proto

import type { Disposition as _vigil_cases_v1_Disposition, Disposition__Output as _vigil_cases_v1_Disposition__Output } from '../../../vigil/cases/v1/Disposition.ts';

export interface ResolveCaseRequest {
  'caseId'?: (string);
  'disposition'?: (_vigil_cases_v1_Disposition);
  'comment'?: (string);
}

export interface ResolveCaseRequest__Output {
  'caseId': (string);
  'disposition': (_vigil_cases_v1_Disposition__Output);
  'comment': (string);
}
