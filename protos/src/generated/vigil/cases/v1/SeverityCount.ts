// Original file: vigil/cases/v1/cases.proto

import type { Severity as _vigil_cases_v1_Severity, Severity__Output as _vigil_cases_v1_Severity__Output } from '../../../vigil/cases/v1/Severity.ts';

export interface SeverityCount {
  'severity'?: (_vigil_cases_v1_Severity);
  'count'?: (number);
}

export interface SeverityCount__Output {
  'severity': (_vigil_cases_v1_Severity__Output);
  'count': (number);
}
