// Original file: vigil/cases/v1/cases.proto


export interface ListRuleSetsRequest {
  /**
   * 1..200, default 50; newest proposals first.
   */
  'limit'?: (number);
}

export interface ListRuleSetsRequest__Output {
  /**
   * 1..200, default 50; newest proposals first.
   */
  'limit': (number);
}
