// Original file: vigil/cases/v1/cases.proto


export interface AddNoteRequest {
  'caseId'?: (string);
  'body'?: (string);
}

export interface AddNoteRequest__Output {
  'caseId': (string);
  'body': (string);
}
