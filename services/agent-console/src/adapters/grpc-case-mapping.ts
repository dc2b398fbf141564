import type {
  Alert__Output,
  AuditEvent__Output,
  Case__Output,
  CaseChange__Output,
  CaseSummary__Output,
  CaseStatus__Output,
  Disposition__Output,
  Note__Output,
  Severity__Output,
} from '@vigil/protos';
import { reasonCurrency } from '../domain/amount-reason.ts';
import type {
  AlertView,
  AuditView,
  CaseEvent,
  CaseRow,
  CaseStatus,
  Disposition,
  NoteView,
  Outcome,
  Severity,
} from '../domain/console-model.ts';
import type { CaseRecord } from '../app/ports.ts';

// Proto enum names ↔ the console's words. An unknown name (a newer case-service) maps to the
// mildest reading rather than failing the page.
const STATUS = {
  CASE_STATUS_OPEN: 'open',
  CASE_STATUS_IN_PROGRESS: 'in_progress',
  CASE_STATUS_RESOLVED: 'resolved',
} as const satisfies Record<Exclude<CaseStatus__Output, `${string}_UNSPECIFIED`>, CaseStatus>;
const SEVERITY = {
  SEVERITY_LOW: 'low',
  SEVERITY_MEDIUM: 'medium',
  SEVERITY_HIGH: 'high',
  SEVERITY_CRITICAL: 'critical',
} as const satisfies Record<Exclude<Severity__Output, `${string}_UNSPECIFIED`>, Severity>;
const DISPOSITION = {
  DISPOSITION_CONFIRMED_FRAUD: 'confirmed_fraud',
  DISPOSITION_FALSE_POSITIVE: 'false_positive',
  DISPOSITION_INCONCLUSIVE: 'inconclusive',
} as const satisfies Record<Exclude<Disposition__Output, `${string}_UNSPECIFIED`>, Disposition>;
const OUTCOME: Record<string, Outcome> = {
  DECISION_OUTCOME_ALLOW: 'allow',
  DECISION_OUTCOME_CHALLENGE: 'challenge',
  DECISION_OUTCOME_REVIEW: 'review',
  DECISION_OUTCOME_BLOCK: 'block',
};

const inverse = <W extends string, V extends string>(map: Record<W, V>) =>
  Object.fromEntries(Object.entries(map).map(([w, v]) => [v, w])) as Record<V, W>;
const lookup = <V>(map: Record<string, V>, key: string): V | undefined => map[key];

/** A decision's outcome in the console's words; an unknown one reads as review. */
export const toOutcome = (wire: string): Outcome => lookup(OUTCOME, wire) ?? 'review';

/** A severity in the console's words; undefined for one this console does not know. */
export const toSeverity = (wire: string): Severity | undefined => lookup(SEVERITY, wire);

export const WIRE_STATUS = inverse(STATUS);
export const WIRE_SEVERITY = inverse(SEVERITY);
export const WIRE_DISPOSITION = inverse(DISPOSITION);

function parseObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function toCaseRow(s: CaseSummary__Output): CaseRow {
  return {
    caseId: s.caseId,
    accountId: s.accountId,
    status: lookup(STATUS, s.status) ?? 'open',
    severity: lookup(SEVERITY, s.severity) ?? 'low',
    assignee: s.assignee ?? null,
    alertCount: s.alertCount,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    resolvedAt: s.resolvedAt ?? null,
    disposition: lookup(DISPOSITION, s.disposition) ?? null,
  };
}

function toAlert(a: Alert__Output): AlertView {
  return {
    alertId: a.alertId,
    decisionId: a.decisionId,
    eventType: a.eventType,
    score: a.score,
    outcome: toOutcome(a.outcome),
    severity: lookup(SEVERITY, a.severity) ?? 'low',
    reasons: a.reasons.map((r) => ({
      rule: r.rule,
      score: r.score,
      message: r.message,
      observed: r.observed ?? null,
      threshold: r.threshold ?? null,
      currency: reasonCurrency(r.message, r.observed ?? null),
    })),
    subject: {
      transactionId: a.subject?.transactionId ?? null,
      deviceId: a.subject?.deviceId ?? null,
      ip: a.subject?.ip ?? null,
    },
    occurredAt: a.occurredAt,
    decidedAt: a.decidedAt,
  };
}

export const toNote = (n: Note__Output): NoteView => ({
  noteId: n.noteId,
  author: n.author,
  body: n.body,
  createdAt: n.createdAt,
});

const toAudit = (e: AuditEvent__Output): AuditView => ({
  auditId: e.auditId,
  actor: e.actor,
  actorRole: e.actorRole,
  action: e.action,
  before: parseObject(e.beforeJson),
  after: parseObject(e.afterJson),
  at: e.at,
});

export function toCaseRecord(c: Case__Output): CaseRecord {
  if (!c.summary) throw new Error('GetCase answered without a summary');
  return {
    summary: toCaseRow(c.summary),
    alerts: c.alerts.map(toAlert),
    notes: c.notes.map(toNote),
    audit: c.audit.map(toAudit),
    sla: { ageSeconds: c.sla?.ageSeconds ?? 0, firstActionAt: c.sla?.firstActionAt ?? null },
    resolutionComment: c.resolutionComment ?? null,
    resolvedBy: c.resolvedBy ?? null,
  };
}

export function toCaseEvent(c: CaseChange__Output): CaseEvent {
  return {
    kind: c.kind.replace(/^CHANGE_KIND_/, '').toLowerCase(),
    caseId: c.caseId,
    accountId: c.accountId,
    status: lookup(STATUS, c.status) ?? 'open',
    severity: lookup(SEVERITY, c.severity) ?? 'low',
    assignee: c.assignee ?? null,
    actor: c.actor,
    at: c.at,
  };
}
