// Original file: vigil/cases/v1/cases.proto

import type { CaseStatus as _vigil_cases_v1_CaseStatus, CaseStatus__Output as _vigil_cases_v1_CaseStatus__Output } from '../../../vigil/cases/v1/CaseStatus.ts';
import type { Severity as _vigil_cases_v1_Severity, Severity__Output as _vigil_cases_v1_Severity__Output } from '../../../vigil/cases/v1/Severity.ts';
import type { Disposition as _vigil_cases_v1_Disposition, Disposition__Output as _vigil_cases_v1_Disposition__Output } from '../../../vigil/cases/v1/Disposition.ts';

export interface CaseSummary {
  'caseId'?: (string);
  'accountId'?: (string);
  'status'?: (_vigil_cases_v1_CaseStatus);
  'severity'?: (_vigil_cases_v1_Severity);
  'assignee'?: (string);
  'alertCount'?: (number);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'resolvedAt'?: (string);
  'disposition'?: (_vigil_cases_v1_Disposition);
  '_assignee'?: "assignee";
  '_resolvedAt'?: "resolvedAt";
}

export interface CaseSummary__Output {
  'caseId': (string);
  'accountId': (string);
  'status': (_vigil_cases_v1_CaseStatus__Output);
  'severity': (_vigil_cases_v1_Severity__Output);
  'assignee'?: (string);
  'alertCount': (number);
  'createdAt': (string);
  'updatedAt': (string);
  'resolvedAt'?: (string);
  'disposition': (_vigil_cases_v1_Disposition__Output);
  '_assignee'?: "assignee";
  '_resolvedAt'?: "resolvedAt";
}
