// Original file: vigil/cases/v1/cases.proto


/**
 * Who changed what and when; before/after are JSON objects of the changed fields.
 */
export interface AuditEvent {
  'auditId'?: (string);
  'actor'?: (string);
  'actorRole'?: (string);
  'action'?: (string);
  'beforeJson'?: (string);
  'afterJson'?: (string);
  'at'?: (string);
}

/**
 * Who changed what and when; before/after are JSON objects of the changed fields.
 */
export interface AuditEvent__Output {
  'auditId': (string);
  'actor': (string);
  'actorRole': (string);
  'action': (string);
  'beforeJson': (string);
  'afterJson': (string);
  'at': (string);
}
