// Original file: vigil/cases/v1/cases.proto


export interface WatchCasesRequest {
  /**
   * Only changes of this account / assignee; empty means every change.
   */
  'accountId'?: (string);
  'assignee'?: (string);
  '_accountId'?: "accountId";
  '_assignee'?: "assignee";
}

export interface WatchCasesRequest__Output {
  /**
   * Only changes of this account / assignee; empty means every change.
   */
  'accountId'?: (string);
  'assignee'?: (string);
  '_accountId'?: "accountId";
  '_assignee'?: "assignee";
}
