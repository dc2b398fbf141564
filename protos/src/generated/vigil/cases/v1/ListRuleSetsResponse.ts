// Original file: vigil/cases/v1/cases.proto

import type { RuleSetVersion as _vigil_cases_v1_RuleSetVersion, RuleSetVersion__Output as _vigil_cases_v1_RuleSetVersion__Output } from '../../../vigil/cases/v1/RuleSetVersion.ts';

export interface ListRuleSetsResponse {
  'versions'?: (_vigil_cases_v1_RuleSetVersion)[];
}

export interface ListRuleSetsResponse__Output {
  'versions': (_vigil_cases_v1_RuleSetVersion__Output)[];
}
