// The console's own view of cases: what its JSON API returns and its web app renders. Plain
// lower-case words instead of the proto's enum names, so the browser never depends on gRPC.
// The web app imports these as types only.

export const ROLES = ['agent', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const STATUSES = ['open', 'in_progress', 'resolved'] as const;
export type CaseStatus = (typeof STATUSES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DISPOSITIONS = ['confirmed_fraud', 'false_positive', 'inconclusive'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const OUTCOMES = ['allow', 'challenge', 'review', 'block'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const QUEUE_SORTS = ['severe', 'oldest', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const ASSIGNEE_FILTERS = ['anyone', 'me', 'unassigned'] as const;
export type AssigneeFilter = (typeof ASSIGNEE_FILTERS)[number];

/** Who is signed in; never the token. */
export interface SessionView {
  principal: string;
  role: Role;
  /** Sent back in the x-csrf-token header of every state-changing request. */
  csrfToken: string;
  expiresAt: string;
}

/** When an unresolved case is due, and whether it is past that (see CASE_SLA_MINUTES). */
export interface SlaClock {
  dueAt: string;
  breached: boolean;
}

export const SLA_FILTERS = ['any', 'breached'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

export interface CaseRow {
  caseId: string;
  accountId: string;
  status: CaseStatus;
  severity: Severity;
  assignee: string | null;
  alertCount: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  disposition: Disposition | null;
}

export interface QueueQuery {
  statuses: CaseStatus[];
  severities: Severity[];
  assignee: AssigneeFilter;
  /** `breached`: unresolved cases past their SLA only. */
  sla: SlaFilter;
  sort: QueueSort;
  pageSize: number;
  cursor?: string | undefined;
}

export interface QueuePage {
  cases: (CaseRow & { sla: SlaClock | null })[];
  /** Opaque; pass back as `cursor` with the same filters for the next page. */
  nextCursor: string | null;
  /** Cases matching the filters per severity, counted up to `countCap` each. */
  counts: Record<Severity, number>;
  countCap: number;
}

export interface ReasonView {
  rule: string;
  score: number;
  message: string;
  observed: string | null;
  threshold: string | null;
  /** ISO 4217 code when the rule compares amounts (observed/threshold are then minor units). */
  currency: string | null;
}

export interface AlertView {
  alertId: string;
  decisionId: string;
  eventType: string;
  score: number;
  outcome: Outcome;
  severity: Severity;
  reasons: ReasonView[];
  subject: { transactionId: string | null; deviceId: string | null; ip: string | null };
  occurredAt: string;
  decidedAt: string;
}

export interface NoteView {
  noteId: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface AuditView {
  auditId: string;
  actor: string;
  actorRole: string;
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  at: string;
}

export type LockState =
  | { state: 'locked'; since: string; by: string }
  | { state: 'unlocked'; since: string; by: string }
  | { state: 'unknown' };

/** What the signed-in caller may do on this case (case-service checks again on every call). */
export interface AllowedActions {
  assignToMe: boolean;
  assignToOther: boolean;
  addNote: boolean;
  resolve: boolean;
  lock: boolean;
  unlock: boolean;
}

export interface CaseDetail {
  summary: CaseRow;
  alerts: AlertView[];
  notes: NoteView[];
  audit: AuditView[];
  sla: { ageSeconds: number; firstActionAt: string | null };
  slaClock: SlaClock | null;
  resolutionComment: string | null;
  resolvedBy: string | null;
  lock: LockState;
  allowed: AllowedActions;
  /** The account's other cases, newest first (its history with the fraud team). */
  accountCases: CaseRow[];
}

/** A change to a case, pushed to open consoles (Server-Sent Events). */
export interface CaseEvent {
  kind: string;
  caseId: string;
  accountId: string;
  status: CaseStatus;
  severity: Severity;
  assignee: string | null;
  actor: string;
  at: string;
}

export const API_ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHENTICATED',
  'CSRF_REJECTED',
  'RATE_LIMITED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Every non-2xx JSON answer of the API. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; retryable: boolean };
}
