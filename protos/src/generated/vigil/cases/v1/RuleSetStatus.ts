// Original file: vigil/cases/v1/cases.proto

export const RuleSetStatus = {
  RULE_SET_STATUS_UNSPECIFIED: 'RULE_SET_STATUS_UNSPECIFIED',
  /**
   * Proposed, waiting for a supervisor other than its author.
   */
  RULE_SET_STATUS_PROPOSED: 'RULE_SET_STATUS_PROPOSED',
  /**
   * Approved and in force: the version risk engines load (at most one).
   */
  RULE_SET_STATUS_ACTIVE: 'RULE_SET_STATUS_ACTIVE',
  RULE_SET_STATUS_REJECTED: 'RULE_SET_STATUS_REJECTED',
  /**
   * Was active, replaced by a newer approved version (a rollback may bring it back).
   */
  RULE_SET_STATUS_RETIRED: 'RULE_SET_STATUS_RETIRED',
  /**
   * Was active, taken out by RollbackRuleSet; never active again (propose a new version).
   */
  RULE_SET_STATUS_ROLLED_BACK: 'RULE_SET_STATUS_ROLLED_BACK',
} as const;

export type RuleSetStatus =
  | 'RULE_SET_STATUS_UNSPECIFIED'
  | 0
  /**
   * Proposed, waiting for a supervisor other than its author.
   */
  | 'RULE_SET_STATUS_PROPOSED'
  | 1
  /**
   * Approved and in force: the version risk engines load (at most one).
   */
  | 'RULE_SET_STATUS_ACTIVE'
  | 2
  | 'RULE_SET_STATUS_REJECTED'
  | 3
  /**
   * Was active, replaced by a newer approved version (a rollback may bring it back).
   */
  | 'RULE_SET_STATUS_RETIRED'
  | 4
  /**
   * Was active, taken out by RollbackRuleSet; never active again (propose a new version).
   */
  | 'RULE_SET_STATUS_ROLLED_BACK'
  | 5

export type RuleSetStatus__Output = typeof RuleSetStatus[keyof typeof RuleSetStatus]
