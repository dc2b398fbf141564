// Original file: vigil/cases/v1/cases.proto


/**
 * Who did what to which version, and when; details_json holds comments, reasons, digests.
 */
export interface RuleSetAuditEvent {
  'auditId'?: (string);
  'version'?: (string);
  'actor'?: (string);
  'actorRole'?: (string);
  /**
   * proposed | approved | activated | rejected | retired | rolled_back
   */
  'action'?: (string);
  'detailsJson'?: (string);
  'at'?: (string);
}

/**
 * Who did what to which version, and when; details_json holds comments, reasons, digests.
 */
export interface RuleSetAuditEvent__Output {
  'auditId': (string);
  'version': (string);
  'actor': (string);
  'actorRole': (string);
  /**
   * proposed | approved | activated | rejected | retired | rolled_back
   */
  'action': (string);
  'detailsJson': (string);
  'at': (string);
}
