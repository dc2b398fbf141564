import type { ListCasesRequest } from '@vigil/protos';
import {
  BULK_ACCOUNT_PREFIX,
  BULK_SECONDS_APART,
} from '@vigil/case-service/src/test-support/bulk-cases.ts';

export interface ListShape {
  name: string;
  /** The i-th request of this shape (filters vary with i, e.g. which agent). */
  request: (i: number) => ListCasesRequest;
  /** Pages read in a row by following next_page_token. */
  pages: number;
}

/** What agents' consoles ask for: every filter ListCases has, both orders, deeper pages. */
export function listShapes(cases: number): ListShape[] {
  const historyDays = (cases * BULK_SECONDS_APART) / 86_400;
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  return [
    { name: 'newest, no filter', request: () => ({}), pages: 3 },
    {
      name: 'most severe, no filter',
      request: () => ({ order: 'LIST_ORDER_MOST_SEVERE_FIRST' }),
      pages: 3,
    },
    {
      name: 'status open, most severe',
      request: () => ({ statuses: ['CASE_STATUS_OPEN'], order: 'LIST_ORDER_MOST_SEVERE_FIRST' }),
      pages: 2,
    },
    {
      name: 'status open+in progress, newest',
      request: () => ({ statuses: ['CASE_STATUS_OPEN', 'CASE_STATUS_IN_PROGRESS'] }),
      pages: 2,
    },
    {
      name: 'severity critical, newest',
      request: () => ({ severities: ['SEVERITY_CRITICAL'] }),
      pages: 2,
    },
    { name: 'assignee, newest', request: (i) => ({ assignee: `agent-${i % 20}` }), pages: 2 },
    {
      name: 'assignee + in progress, newest',
      request: (i) => ({ assignee: `agent-${i % 20}`, statuses: ['CASE_STATUS_IN_PROGRESS'] }),
      pages: 1,
    },
    {
      name: 'account',
      request: (i) => ({ accountId: `${BULK_ACCOUNT_PREFIX}${((i * 7_919) % cases) + 1}` }),
      pages: 1,
    },
    {
      name: 'time range (a fifth of the history), newest',
      request: () => ({
        createdAfter: day(historyDays * 0.6),
        createdBefore: day(historyDays * 0.4),
      }),
      pages: 2,
    },
    { name: 'page size 200, newest', request: () => ({ pageSize: 200 }), pages: 1 },
  ];
}
