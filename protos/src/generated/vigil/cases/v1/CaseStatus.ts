// Original file: vigil/cases/v1/cases.proto

export const CaseStatus = {
  CASE_STATUS_UNSPECIFIED: 'CASE_STATUS_UNSPECIFIED',
  /**
   * Not yet picked up by an agent; new alerts for the account attach here.
   */
  CASE_STATUS_OPEN: 'CASE_STATUS_OPEN',
  /**
   * Assigned to an agent; still open for new alerts.
   */
  CASE_STATUS_IN_PROGRESS: 'CASE_STATUS_IN_PROGRESS',
  CASE_STATUS_RESOLVED: 'CASE_STATUS_RESOLVED',
} as const;

export type CaseStatus =
  | 'CASE_STATUS_UNSPECIFIED'
  | 0
  /**
   * Not yet picked up by an agent; new alerts for the account attach here.
   */
  | 'CASE_STATUS_OPEN'
  | 1
  /**
   * Assigned to an agent; still open for new alerts.
   */
  | 'CASE_STATUS_IN_PROGRESS'
  | 2
  | 'CASE_STATUS_RESOLVED'
  | 3

export type CaseStatus__Output = typeof CaseStatus[keyof typeof CaseStatus]
