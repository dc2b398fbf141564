// Original file: vigil/cases/v1/cases.proto

export const Disposition = {
  DISPOSITION_UNSPECIFIED: 'DISPOSITION_UNSPECIFIED',
  DISPOSITION_CONFIRMED_FRAUD: 'DISPOSITION_CONFIRMED_FRAUD',
  /**
   * Unlocks the account and tells the risk engine the activity was legitimate.
   */
  DISPOSITION_FALSE_POSITIVE: 'DISPOSITION_FALSE_POSITIVE',
  DISPOSITION_INCONCLUSIVE: 'DISPOSITION_INCONCLUSIVE',
} as const;

export type Disposition =
  | 'DISPOSITION_UNSPECIFIED'
  | 0
  | 'DISPOSITION_CONFIRMED_FRAUD'
  | 1
  /**
   * Unlocks the account and tells the risk engine the activity was legitimate.
   */
  | 'DISPOSITION_FALSE_POSITIVE'
  | 2
  | 'DISPOSITION_INCONCLUSIVE'
  | 3

export type Disposition__Output = typeof Disposition[keyof typeof Disposition]
