// Original file: vigil/cases/v1/cases.proto


export interface GetRuleSetRequest {
  'version'?: (string);
}

export interface GetRuleSetRequest__Output {
  'version': (string);
}
