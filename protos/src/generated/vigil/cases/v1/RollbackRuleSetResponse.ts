// Original file: vigil/cases/v1/cases.proto

import type { RuleSetVersion as _vigil_cases_v1_RuleSetVersion, RuleSetVersion__Output as _vigil_cases_v1_RuleSetVersion__Output } from '../../../vigil/cases/v1/RuleSetVersion.ts';

export interface RollbackRuleSetResponse {
  /**
   * The version taken out (now ROLLED_BACK) and the one in force again.
   */
  'rolledBack'?: (_vigil_cases_v1_RuleSetVersion | null);
  'active'?: (_vigil_cases_v1_RuleSetVersion | null);
}

export interface RollbackRuleSetResponse__Output {
  /**
   * The version taken out (now ROLLED_BACK) and the one in force again.
   */
  'rolledBack': (_vigil_cases_v1_RuleSetVersion__Output | null);
  'active': (_vigil_cases_v1_RuleSetVersion__Output | null);
}
