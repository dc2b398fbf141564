import type {
  Alert,
  Case,
  CaseChange as WireCaseChange,
  CaseSummary as WireSummary,
  Note,
  AuditEvent,
} from '@vigil/protos';
import type {
  AlertRecord,
  AuditRecord,
  CaseChange,
  CaseDetail,
  CaseSummary,
  NoteRecord,
} from '../domain/case-model.ts';
import { computeSla } from '../domain/sla.ts';
import {
  toWireChangeKind,
  toWireDisposition,
  toWireOutcome,
  toWireSeverity,
  toWireStatus,
} from './grpc-wire-enums.ts';

export function toWireSummary(summary: CaseSummary): WireSummary {
  return {
    caseId: summary.caseId,
    accountId: summary.accountId,
    status: toWireStatus(summary.status),
    severity: toWireSeverity(summary.severity),
    ...(summary.assignee !== undefined ? { assignee: summary.assignee } : {}),
    alertCount: summary.alertCount,
    createdAt: summary.createdAt.toISOString(),
    updatedAt: summary.updatedAt.toISOString(),
    ...(summary.resolvedAt ? { resolvedAt: summary.resolvedAt.toISOString() } : {}),
    disposition: toWireDisposition(summary.disposition),
  };
}

function toWireAlert(alert: AlertRecord): Alert {
  return {
    alertId: alert.alertId,
    decisionId: alert.decisionId,
    eventId: alert.eventId,
    eventType: alert.eventType,
    score: alert.score,
    outcome: toWireOutcome(alert.outcome),
    severity: toWireSeverity(alert.severity),
    reasons: alert.reasons,
    subject: alert.subject,
    occurredAt: alert.occurredAt.toISOString(),
    decidedAt: alert.decidedAt.toISOString(),
    createdAt: alert.createdAt.toISOString(),
  };
}

const toWireNote = (note: NoteRecord): Note => ({
  noteId: note.noteId,
  author: note.author,
  body: note.body,
  createdAt: note.createdAt.toISOString(),
});

const toWireAudit = (event: AuditRecord): AuditEvent => ({
  auditId: event.auditId,
  actor: event.actor,
  actorRole: event.actorRole,
  action: event.action,
  beforeJson: event.before === null ? '' : JSON.stringify(event.before),
  afterJson: event.after === null ? '' : JSON.stringify(event.after),
  at: event.at.toISOString(),
});

export function toWireCase(detail: CaseDetail, now: Date): Case {
  const sla = computeSla(
    {
      createdAt: detail.summary.createdAt,
      firstActionAt: detail.firstActionAt,
      resolvedAt: detail.summary.resolvedAt,
    },
    now,
  );
  return {
    summary: toWireSummary(detail.summary),
    alerts: detail.alerts.map(toWireAlert),
    notes: detail.notes.map(toWireNote),
    audit: detail.audit.map(toWireAudit),
    sla: {
      ageSeconds: sla.ageSeconds,
      ...(sla.firstActionAt ? { firstActionAt: sla.firstActionAt.toISOString() } : {}),
      ...(sla.timeToFirstActionSeconds !== undefined
        ? { timeToFirstActionSeconds: sla.timeToFirstActionSeconds }
        : {}),
      ...(sla.timeToResolutionSeconds !== undefined
        ? { timeToResolutionSeconds: sla.timeToResolutionSeconds }
        : {}),
    },
    ...(detail.resolutionComment !== undefined
      ? { resolutionComment: detail.resolutionComment }
      : {}),
    ...(detail.resolvedBy !== undefined ? { resolvedBy: detail.resolvedBy } : {}),
  };
}

export function toWireChange(change: CaseChange): WireCaseChange {
  return {
    kind: toWireChangeKind(change.kind),
    caseId: change.caseId,
    accountId: change.accountId,
    status: toWireStatus(change.status),
    severity: toWireSeverity(change.severity),
    ...(change.assignee !== undefined ? { assignee: change.assignee } : {}),
    actor: change.actor,
    at: change.at,
  };
}
