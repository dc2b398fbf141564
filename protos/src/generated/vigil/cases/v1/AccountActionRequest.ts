// Original file: vigil/cases/v1/cases.proto


export interface AccountActionRequest {
  'accountId'?: (string);
  'reason'?: (string);
  /**
   * The case this action belongs to, if any; it must be about the same account.
   */
  'caseId'?: (string);
  '_caseId'?: "caseId";
}

export interface AccountActionRequest__Output {
  'accountId': (string);
  'reason': (string);
  /**
   * The case this action belongs to, if any; it must be about the same account.
   */
  'caseId'?: (string);
  '_caseId'?: "caseId";
}
