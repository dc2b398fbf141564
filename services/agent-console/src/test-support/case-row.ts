import type { CaseRow } from '../domain/console-model.ts';

/** An open, unassigned, high-severity case; override what the test is about. */
export function caseRow(over: Partial<CaseRow> & { caseId?: string } = {}): CaseRow {
  return {
    caseId: 'c1',
    accountId: 'acct-1',
    status: 'open',
    severity: 'high',
    assignee: null,
    alertCount: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    resolvedAt: null,
    disposition: null,
    ...over,
  };
}
