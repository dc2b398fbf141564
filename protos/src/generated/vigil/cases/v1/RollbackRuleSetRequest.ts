// Original file: vigil/cases/v1/cases.proto


export interface RollbackRuleSetRequest {
  /**
   * Why (required; kept in the audit trail).
   */
  'reason'?: (string);
}

export interface RollbackRuleSetRequest__Output {
  /**
   * Why (required; kept in the audit trail).
   */
  'reason': (string);
}
