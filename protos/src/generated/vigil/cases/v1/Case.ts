// Original file: vigil/cases/v1/cases.proto

import type { CaseSummary as _vigil_cases_v1_CaseSummary, CaseSummary__Output as _vigil_cases_v1_CaseSummary__Output } from '../../../vigil/cases/v1/CaseSummary.ts';
import type { Alert as _vigil_cases_v1_Alert, Alert__Output as _vigil_cases_v1_Alert__Output } from '../../../vigil/cases/v1/Alert.ts';
import type { Note as _vigil_cases_v1_Note, Note__Output as _vigil_cases_v1_Note__Output } from '../../../vigil/cases/v1/Note.ts';
import type { AuditEvent as _vigil_cases_v1_AuditEvent, AuditEvent__Output as _vigil_cases_v1_AuditEvent__Output } from '../../../vigil/cases/v1/AuditEvent.ts';
import type { Sla as _vigil_cases_v1_Sla, Sla__Output as _vigil_cases_v1_Sla__Output } from '../../../vigil/cases/v1/Sla.ts';

export interface Case {
  'summary'?: (_vigil_cases_v1_CaseSummary | null);
  'alerts'?: (_vigil_cases_v1_Alert)[];
  'notes'?: (_vigil_cases_v1_Note)[];
  'audit'?: (_vigil_cases_v1_AuditEvent)[];
  'sla'?: (_vigil_cases_v1_Sla | null);
  'resolutionComment'?: (string);
  'resolvedBy'?: (string);
  '_resolutionComment'?: "resolutionComment";
  '_resolvedBy'?: "resolvedBy";
}

export interface Case__Output {
  'summary': (_vigil_cases_v1_CaseSummary__Output | null);
  'alerts': (_vigil_cases_v1_Alert__Output)[];
  'notes': (_vigil_cases_v1_Note__Output)[];
  'audit': (_vigil_cases_v1_AuditEvent__Output)[];
  'sla': (_vigil_cases_v1_Sla__Output | null);
  'resolutionComment'?: (string);
  'resolvedBy'?: (string);
  '_resolutionComment'?: "resolutionComment";
  '_resolvedBy'?: "resolvedBy";
}
