// Original file: vigil/cases/v1/cases.proto


export interface Note {
  'noteId'?: (string);
  'author'?: (string);
  'body'?: (string);
  'createdAt'?: (string);
}

export interface Note__Output {
  'noteId': (string);
  'author': (string);
  'body': (string);
  'createdAt': (string);
}
