// The case page's account activity: the timeline of flagged decisions, the customer's answers and
// disputes (case-service's label ledger) and the notices sent to the customer (the notifier).
// Each section comes from its own source and fails on its own; the web app imports these as types.
import type { ApiErrorBody, Outcome } from './console-model.ts';

/** A decision of the account as case-service's ledger kept it. */
export interface TimelineDecision {
  decisionId: string;
  eventId: string;
  /** transaction | login | account_change; null for decisions kept before the ledger recorded it. */
  eventType: string | null;
  /** 0..100; null for decisions kept before the ledger recorded it. */
  score: number | null;
  outcome: Outcome;
  /** The enforce reasons in words; empty for old rows (then `rules` names them). */
  reasons: { rule: string; message: string }[];
  rules: string[];
  shadowRules: string[];
  transactionId: string | null;
  decidedAt: string;
}

export const ANSWER_VERDICTS = ['legit', 'fraud'] as const;
/** legit: "it was me"; fraud: "not me". */
export type AnswerVerdict = (typeof ANSWER_VERDICTS)[number];

export interface CustomerAnswerView {
  decisionId: string;
  verdict: AnswerVerdict;
  answeredAt: string;
}

export interface DisputeView {
  disputeId: string;
  status: string;
  transactionId: string;
  reasonFamily: string;
  /** Integer minor units of `currency`, as a decimal string. */
  amountMinor: string;
  currency: string;
  occurredAt: string;
}

/** What case-service knows of the account beyond its cases, each list newest first. */
export interface LedgerActivity {
  decisions: TimelineDecision[];
  answers: CustomerAnswerView[];
  disputes: DisputeView[];
  /** Allowed decisions without any rule hit are not kept, so the timeline never lists them. */
  onlyFlaggedDecisions: boolean;
  /** Days the ledger keeps rows; 0 when case-service keeps no ledger. */
  retentionDays: number;
}

export const NOTICE_KINDS = ['verification_request', 'lock_notice', 'access_restored'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const NOTICE_STATUSES = ['pending', 'sending', 'sent', 'suppressed', 'dead'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** A notice sent (or due) to the customer; never its address or content. */
export interface NoticeView {
  id: string;
  decisionId: string;
  kind: NoticeKind;
  channel: string | null;
  locale: string | null;
  status: NoticeStatus;
  incidentId: string | null;
  /** Activities the notice speaks for (a burst is one notice). */
  activityCount: number;
  createdAt: string;
  sentAt: string | null;
  /** The customer's answer to a "was this you?": yes = "it was me", no = "not me". */
  answer: { answer: 'yes' | 'no'; answeredAt: string } | null;
}

/** One section's data, or why it has none; a failed section does not fail the page. */
export type Section<T> =
  | { state: 'ok'; data: T }
  | { state: 'failed'; error: ApiErrorBody['error'] }
  /** The console has no source for it (the notifier is not configured). */
  | { state: 'not_configured' };

/** GET /api/accounts/:accountId/activity */
export interface AccountActivityView {
  accountId: string;
  ledger: Section<LedgerActivity>;
  notices: Section<NoticeView[]>;
}
