// Original file: vigil/cases/v1/cases.proto


/**
 * A fired rule as the decision ledger keeps it: which rule and what it said.
 */
export interface LedgerReason {
  'rule'?: (string);
  'message'?: (string);
}

/**
 * A fired rule as the decision ledger keeps it: which rule and what it said.
 */
export interface LedgerReason__Output {
  'rule': (string);
  'message': (string);
}
