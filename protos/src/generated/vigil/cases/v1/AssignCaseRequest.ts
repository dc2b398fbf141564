// Original file: vigil/cases/v1/cases.proto


export interface AssignCaseRequest {
  'caseId'?: (string);
  'assignee'?: (string);
}

export interface AssignCaseRequest__Output {
  'caseId': (string);
  'assignee': (string);
}
