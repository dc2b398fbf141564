import type { DecisionOutcome, EventType } from '@vigil/events';
import type { CaseStatus, Disposition, Reason, Severity, Subject } from './case-model.ts';

/** A risk decision to file as an alert (already validated at the gRPC boundary). */
export interface RaiseCaseCommand {
  decisionId: string;
  eventId: string;
  eventType: EventType;
  accountId: string;
  score: number;
  outcome: DecisionOutcome;
  reasons: Reason[];
  occurredAt: string;
  decidedAt: string;
  subject: Subject;
}

export interface RaiseCaseResult {
  caseId: string;
  alertId: string;
  caseCreated: boolean;
  alertCreated: boolean;
  severity: Severity;
}

export const LIST_ORDERS = ['newest', 'most_severe', 'oldest'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];

/** Position after the last row of a page, in the sort key of the page's order. */
export interface ListCursor {
  order: ListOrder;
  severityRank: number;
  /** created_at with microseconds ("2026-11-24T07:00:00.123456Z"): Date would lose them. */
  createdAt: string;
  caseId: string;
}

export interface ListCasesQuery {
  statuses: CaseStatus[];
  severities: Severity[];
  assignee?: string | undefined;
  accountId?: string | undefined;
  createdAfter?: string | undefined;
  createdBefore?: string | undefined;
  order: ListOrder;
  pageSize: number;
  after: ListCursor | undefined;
}

/** ListCases's filters, counted per severity up to `cap` each. */
export type CountCasesQuery = Omit<ListCasesQuery, 'order' | 'pageSize' | 'after'> & {
  cap: number;
};

export interface ResolveCaseCommand {
  caseId: string;
  disposition: Disposition;
  comment: string;
}

export interface AccountActionCommand {
  action: 'lock' | 'unlock';
  accountId: string;
  reason: string;
  caseId: string | undefined;
}
