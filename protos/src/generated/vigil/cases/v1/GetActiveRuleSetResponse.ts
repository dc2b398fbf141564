// Original file: vigil/cases/v1/cases.proto

import type { RuleSetVersion as _vigil_cases_v1_RuleSetVersion, RuleSetVersion__Output as _vigil_cases_v1_RuleSetVersion__Output } from '../../../vigil/cases/v1/RuleSetVersion.ts';

export interface GetActiveRuleSetResponse {
  /**
   * Unset while no version was ever approved.
   */
  'active'?: (_vigil_cases_v1_RuleSetVersion | null);
}

export interface GetActiveRuleSetResponse__Output {
  /**
   * Unset while no version was ever approved.
   */
  'active': (_vigil_cases_v1_RuleSetVersion__Output | null);
}
