// Original file: vigil/cases/v1/cases.proto


export interface GetAccountActivityRequest {
  'accountId'?: (string);
  /**
   * How many of each list (decisions, answers, disputes) to return: 1..50, default (0) 50.
   */
  'limit'?: (number);
}

export interface GetAccountActivityRequest__Output {
  'accountId': (string);
  /**
   * How many of each list (decisions, answers, disputes) to return: 1..50, default (0) 50.
   */
  'limit': (number);
}
