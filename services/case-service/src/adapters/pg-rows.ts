import type {
  AlertRecord,
  AuditRecord,
  CaseStatus,
  CaseSummary,
  Disposition,
  NoteRecord,
  Reason,
  Role,
  Subject,
} from '../domain/case-model.ts';
import { severityFromRank } from '../domain/case-model.ts';

// Rows as pg returns them: timestamptz → Date, jsonb → parsed JSON, real → number.
export interface CaseRow {
  id: string;
  account_id: string;
  status: CaseStatus;
  severity: number;
  assignee: string | null;
  alert_count: number;
  disposition: Disposition | null;
  resolution_comment: string | null;
  resolved_by: string | null;
  created_at: Date;
  updated_at: Date;
  first_action_at: Date | null;
  resolved_at: Date | null;
  /** created_at with microseconds, for page tokens. */
  created_cursor: string;
}

export const CASE_COLUMNS = `id, account_id, status, severity, assignee, alert_count, disposition, resolution_comment,
  resolved_by, created_at, updated_at, first_action_at, resolved_at,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_cursor`;

export function toSummary(row: CaseRow): CaseSummary {
  return {
    caseId: row.id,
    accountId: row.account_id,
    status: row.status,
    severity: severityFromRank(row.severity),
    assignee: row.assignee ?? undefined,
    alertCount: row.alert_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at ?? undefined,
    disposition: row.disposition ?? undefined,
  };
}

export interface AlertRow {
  id: string;
  decision_id: string;
  event_id: string;
  event_type: string;
  score: number;
  outcome: string;
  severity: number;
  reasons: Reason[];
  subject: Subject;
  occurred_at: Date;
  decided_at: Date;
  created_at: Date;
}

export function toAlert(row: AlertRow): AlertRecord {
  return {
    alertId: row.id,
    decisionId: row.decision_id,
    eventId: row.event_id,
    eventType: row.event_type,
    score: row.score,
    outcome: row.outcome,
    severity: severityFromRank(row.severity),
    reasons: row.reasons,
    subject: row.subject,
    occurredAt: row.occurred_at,
    decidedAt: row.decided_at,
    createdAt: row.created_at,
  };
}

export interface NoteRow {
  id: string;
  author: string;
  body: string;
  created_at: Date;
}

export const toNote = (row: NoteRow): NoteRecord => ({
  noteId: row.id,
  author: row.author,
  body: row.body,
  createdAt: row.created_at,
});

export interface AuditRow {
  id: string;
  actor: string;
  actor_role: Role;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: Date;
}

export const toAudit = (row: AuditRow): AuditRecord => ({
  auditId: row.id,
  actor: row.actor,
  actorRole: row.actor_role,
  action: row.action,
  before: row.before,
  after: row.after,
  at: row.at,
});
