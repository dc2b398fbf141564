// Original file: vigil/cases/v1/cases.proto


/**
 * How one rule differs between two versions.
 */
export interface RuleChange {
  'ruleId'?: (string);
  /**
   * added | removed | changed
   */
  'kind'?: (string);
  /**
   * Readable lines: "mode: shadow → enforce", "params.tiers.0.atLeast: 5 → 3".
   */
  'changes'?: (string)[];
}

/**
 * How one rule differs between two versions.
 */
export interface RuleChange__Output {
  'ruleId': (string);
  /**
   * added | removed | changed
   */
  'kind': (string);
  /**
   * Readable lines: "mode: shadow → enforce", "params.tiers.0.atLeast: 5 → 3".
   */
  'changes': (string)[];
}
