// Original file: vigil/cases/v1/cases.proto


/**
 * The customer's answer to a "was this you?" about one decision (risk.feedback.v1).
 */
export interface CustomerAnswer {
  'decisionId'?: (string);
  /**
   * legit ("it was me") | fraud ("not me")
   */
  'verdict'?: (string);
  'answeredAt'?: (string);
}

/**
 * The customer's answer to a "was this you?" about one decision (risk.feedback.v1).
 */
export interface CustomerAnswer__Output {
  'decisionId': (string);
  /**
   * legit ("it was me") | fraud ("not me")
   */
  'verdict': (string);
  'answeredAt': (string);
}
