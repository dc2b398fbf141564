// Original file: vigil/cases/v1/cases.proto

import type { RuleChange as _vigil_cases_v1_RuleChange, RuleChange__Output as _vigil_cases_v1_RuleChange__Output } from '../../../vigil/cases/v1/RuleChange.ts';

export interface RuleSetDiff {
  /**
   * The version compared against; empty when there is none (the first version).
   */
  'baseVersion'?: (string);
  /**
   * Changes outside the rules: cutoffs, combination, time zones, retroHunt.
   */
  'settings'?: (string)[];
  'rules'?: (_vigil_cases_v1_RuleChange)[];
}

export interface RuleSetDiff__Output {
  /**
   * The version compared against; empty when there is none (the first version).
   */
  'baseVersion': (string);
  /**
   * Changes outside the rules: cutoffs, combination, time zones, retroHunt.
   */
  'settings': (string)[];
  'rules': (_vigil_cases_v1_RuleChange__Output)[];
}
