// Original file: vigil/cases/v1/cases.proto

export const ListOrder = {
  /**
   * Same as NEWEST_FIRST.
   */
  LIST_ORDER_UNSPECIFIED: 'LIST_ORDER_UNSPECIFIED',
  LIST_ORDER_NEWEST_FIRST: 'LIST_ORDER_NEWEST_FIRST',
  /**
   * Severity descending, then newest first.
   */
  LIST_ORDER_MOST_SEVERE_FIRST: 'LIST_ORDER_MOST_SEVERE_FIRST',
  /**
   * Oldest first: the queue's "longest waiting" view.
   */
  LIST_ORDER_OLDEST_FIRST: 'LIST_ORDER_OLDEST_FIRST',
} as const;

export type ListOrder =
  /**
   * Same as NEWEST_FIRST.
   */
  | 'LIST_ORDER_UNSPECIFIED'
  | 0
  | 'LIST_ORDER_NEWEST_FIRST'
  | 1
  /**
   * Severity descending, then newest first.
   */
  | 'LIST_ORDER_MOST_SEVERE_FIRST'
  | 2
  /**
   * Oldest first: the queue's "longest waiting" view.
   */
  | 'LIST_ORDER_OLDEST_FIRST'
  | 3

export type ListOrder__Output = typeof ListOrder[keyof typeof ListOrder]
