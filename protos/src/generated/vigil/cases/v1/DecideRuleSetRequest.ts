// Original file: vigil/cases/v1/cases.proto


export interface DecideRuleSetRequest {
  'version'?: (string);
  'comment'?: (string);
}

export interface DecideRuleSetRequest__Output {
  'version': (string);
  'comment': (string);
}
