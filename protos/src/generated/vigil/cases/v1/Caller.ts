// Original file: vigil/cases/v1/cases.proto


/**
 * The caller the bearer token stands for: consoles sign agents in with it and show what the
 * role may do (the server still checks every call).
 */
export interface Caller {
  'principal'?: (string);
  /**
   * service | agent | supervisor
   */
  'role'?: (string);
}

/**
 * The caller the bearer token stands for: consoles sign agents in with it and show what the
 * role may do (the server still checks every call).
 */
export interface Caller__Output {
  'principal': (string);
  /**
   * service | agent | supervisor
   */
  'role': (string);
}
