// Original file: vigil/cases/v1/cases.proto


/**
 * One status record of a dispute or chargeback about one of the account's payments.
 */
export interface AccountDispute {
  'disputeId'?: (string);
  /**
   * opened | won | lost (as payments.disputes.v1 says)
   */
  'status'?: (string);
  'transactionId'?: (string);
  'reasonFamily'?: (string);
  /**
   * Integer minor units of `currency` (ISO 4217), as a string.
   */
  'amountMinor'?: (string);
  'currency'?: (string);
  'occurredAt'?: (string);
}

/**
 * One status record of a dispute or chargeback about one of the account's payments.
 */
export interface AccountDispute__Output {
  'disputeId': (string);
  /**
   * opened | won | lost (as payments.disputes.v1 says)
   */
  'status': (string);
  'transactionId': (string);
  'reasonFamily': (string);
  /**
   * Integer minor units of `currency` (ISO 4217), as a string.
   */
  'amountMinor': (string);
  'currency': (string);
  'occurredAt': (string);
}
