// Original file: vigil/cases/v1/cases.proto

import type { ChangeKind as _vigil_cases_v1_ChangeKind, ChangeKind__Output as _vigil_cases_v1_ChangeKind__Output } from '../../../vigil/cases/v1/ChangeKind.ts';
import type { CaseStatus as _vigil_cases_v1_CaseStatus, CaseStatus__Output as _vigil_cases_v1_CaseStatus__Output } from '../../../vigil/cases/v1/CaseStatus.ts';
import type { Severity as _vigil_cases_v1_Severity, Severity__Output as _vigil_cases_v1_Severity__Output } from '../../../vigil/cases/v1/Severity.ts';

export interface CaseChange {
  'kind'?: (_vigil_cases_v1_ChangeKind);
  'caseId'?: (string);
  'accountId'?: (string);
  'status'?: (_vigil_cases_v1_CaseStatus);
  'severity'?: (_vigil_cases_v1_Severity);
  'assignee'?: (string);
  'actor'?: (string);
  'at'?: (string);
  '_assignee'?: "assignee";
}

export interface CaseChange__Output {
  'kind': (_vigil_cases_v1_ChangeKind__Output);
  'caseId': (string);
  'accountId': (string);
  'status': (_vigil_cases_v1_CaseStatus__Output);
  'severity': (_vigil_cases_v1_Severity__Output);
  'assignee'?: (string);
  'actor': (string);
  'at': (string);
  '_assignee'?: "assignee";
}
