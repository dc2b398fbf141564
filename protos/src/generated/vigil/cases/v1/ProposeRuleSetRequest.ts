// Original file: vigil/cases/v1/cases.proto


export interface ProposeRuleSetRequest {
  /**
   * The rule-set YAML (the risk engine's format); its `version` must be new.
   */
  'yaml'?: (string);
  'summary'?: (string);
  '_summary'?: "summary";
}

export interface ProposeRuleSetRequest__Output {
  /**
   * The rule-set YAML (the risk engine's format); its `version` must be new.
   */
  'yaml': (string);
  'summary'?: (string);
  '_summary'?: "summary";
}
