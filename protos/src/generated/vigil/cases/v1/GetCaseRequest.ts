// Original file: vigil/cases/v1/cases.proto


export interface GetCaseRequest {
  'caseId'?: (string);
}

export interface GetCaseRequest__Output {
  'caseId': (string);
}
