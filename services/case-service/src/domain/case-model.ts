/** Case vocabulary shared by the store, the gRPC layer and the CLI (wire enums map onto these). */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Stored as a rank so "most severe first" is an index order, not a CASE expression. */
export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export function severityFromRank(rank: number): Severity {
  const severity = SEVERITIES[rank - 1];
  if (severity === undefined) throw new RangeError(`no severity has rank ${rank}`);
  return severity;
}

/** open and in_progress both count as the account's open case; new alerts attach to it. */
export const CASE_STATUSES = ['open', 'in_progress', 'resolved'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DISPOSITIONS = ['confirmed_fraud', 'false_positive', 'inconclusive'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const ROLES = ['service', 'agent', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved from the bearer token, never from the request body. */
export interface Principal {
  id: string;
  role: Role;
}

export const CHANGE_KINDS = [
  'case_opened',
  'alert_attached',
  'assigned',
  'note_added',
  'resolved',
  'account_locked',
  'account_unlocked',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface CaseSummary {
  caseId: string;
  accountId: string;
  status: CaseStatus;
  severity: Severity;
  assignee: string | undefined;
  alertCount: number;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | undefined;
  disposition: Disposition | undefined;
}

export interface Reason {
  rule: string;
  score: number;
  message: string;
  observed?: string | undefined;
  threshold?: string | undefined;
}

export interface Subject {
  transactionId?: string | undefined;
  deviceId?: string | undefined;
  ip?: string | undefined;
}

export interface AlertRecord {
  alertId: string;
  decisionId: string;
  eventId: string;
  eventType: string;
  score: number;
  outcome: string;
  severity: Severity;
  reasons: Reason[];
  subject: Subject;
  occurredAt: Date;
  decidedAt: Date;
  createdAt: Date;
}

export interface NoteRecord {
  noteId: string;
  author: string;
  body: string;
  createdAt: Date;
}

export interface AuditRecord {
  auditId: string;
  actor: string;
  actorRole: Role;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: Date;
}

export interface CaseDetail {
  summary: CaseSummary;
  alerts: AlertRecord[];
  notes: NoteRecord[];
  audit: AuditRecord[];
  firstActionAt: Date | undefined;
  resolvedBy: string | undefined;
  resolutionComment: string | undefined;
}

/** A committed change, as pushed to live consoles. */
export interface CaseChange {
  kind: ChangeKind;
  caseId: string;
  accountId: string;
  status: CaseStatus;
  severity: Severity;
  assignee?: string | undefined;
  actor: string;
  at: string;
}
