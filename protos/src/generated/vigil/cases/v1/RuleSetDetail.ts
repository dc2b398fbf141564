// Original file: vigil/cases/v1/cases.proto

import type { RuleSetVersion as _vigil_cases_v1_RuleSetVersion, RuleSetVersion__Output as _vigil_cases_v1_RuleSetVersion__Output } from '../../../vigil/cases/v1/RuleSetVersion.ts';
import type { RuleSetDiff as _vigil_cases_v1_RuleSetDiff, RuleSetDiff__Output as _vigil_cases_v1_RuleSetDiff__Output } from '../../../vigil/cases/v1/RuleSetDiff.ts';
import type { RuleSetAuditEvent as _vigil_cases_v1_RuleSetAuditEvent, RuleSetAuditEvent__Output as _vigil_cases_v1_RuleSetAuditEvent__Output } from '../../../vigil/cases/v1/RuleSetAuditEvent.ts';

export interface RuleSetDetail {
  'version'?: (_vigil_cases_v1_RuleSetVersion | null);
  /**
   * Against the active version; for the active version itself, against the one it replaced.
   */
  'diff'?: (_vigil_cases_v1_RuleSetDiff | null);
  'audit'?: (_vigil_cases_v1_RuleSetAuditEvent)[];
}

export interface RuleSetDetail__Output {
  'version': (_vigil_cases_v1_RuleSetVersion__Output | null);
  /**
   * Against the active version; for the active version itself, against the one it replaced.
   */
  'diff': (_vigil_cases_v1_RuleSetDiff__Output | null);
  'audit': (_vigil_cases_v1_RuleSetAuditEvent__Output)[];
}
