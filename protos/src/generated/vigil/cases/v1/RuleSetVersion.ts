// Original file: vigil/cases/v1/cases.proto

import type { RuleSetStatus as _vigil_cases_v1_RuleSetStatus, RuleSetStatus__Output as _vigil_cases_v1_RuleSetStatus__Output } from '../../../vigil/cases/v1/RuleSetStatus.ts';

/**
 * One version of the risk engine's rule set: the YAML's own `version` is its id.
 */
export interface RuleSetVersion {
  'version'?: (string);
  'status'?: (_vigil_cases_v1_RuleSetStatus);
  'author'?: (string);
  'proposedAt'?: (string);
  /**
   * Hex SHA-256 of the YAML text as proposed (what the engine loads, byte for byte).
   */
  'sha256'?: (string);
  /**
   * Backtest summary (Markdown from risk-engine `backtest`) attached to the proposal.
   */
  'summary'?: (string);
  /**
   * The supervisor who approved or rejected it, when, and what they said.
   */
  'decidedBy'?: (string);
  'decidedAt'?: (string);
  'decisionComment'?: (string);
  /**
   * When it last became active.
   */
  'activatedAt'?: (string);
  /**
   * The version that was active when this one became active (what a rollback returns to).
   */
  'replaces'?: (string);
  /**
   * The YAML text; empty in ListRuleSets answers.
   */
  'yaml'?: (string);
  'ruleCount'?: (number);
  '_summary'?: "summary";
  '_decidedBy'?: "decidedBy";
  '_decidedAt'?: "decidedAt";
  '_decisionComment'?: "decisionComment";
  '_activatedAt'?: "activatedAt";
  '_replaces'?: "replaces";
}

/**
 * One version of the risk engine's rule set: the YAML's own `version` is its id.
 */
export interface RuleSetVersion__Output {
  'version': (string);
  'status': (_vigil_cases_v1_RuleSetStatus__Output);
  'author': (string);
  'proposedAt': (string);
  /**
   * Hex SHA-256 of the YAML text as proposed (what the engine loads, byte for byte).
   */
  'sha256': (string);
  /**
   * Backtest summary (Markdown from risk-engine `backtest`) attached to the proposal.
   */
  'summary'?: (string);
  /**
   * The supervisor who approved or rejected it, when, and what they said.
   */
  'decidedBy'?: (string);
  'decidedAt'?: (string);
  'decisionComment'?: (string);
  /**
   * When it last became active.
   */
  'activatedAt'?: (string);
  /**
   * The version that was active when this one became active (what a rollback returns to).
   */
  'replaces'?: (string);
  /**
   * The YAML text; empty in ListRuleSets answers.
   */
  'yaml': (string);
  'ruleCount': (number);
  '_summary'?: "summary";
  '_decidedBy'?: "decidedBy";
  '_decidedAt'?: "decidedAt";
  '_decisionComment'?: "decisionComment";
  '_activatedAt'?: "activatedAt";
  '_replaces'?: "replaces";
}
