import type { DecisionOutcome } from '@vigil/events';

/** One row of the notifier's notifications table. */
export interface NoticeRow {
  /** Null for an "access restored" sent with no incident open. */
  incidentId: string | null;
  decisionId: string;
  kind: string;
  status: string;
}

/**
 * One row of the notifier's notice_causes: a decision that called for a notice, recorded once,
 * with what became of it (its own notice, listed in or covered by its incident's, superseded).
 */
export interface CauseRow {
  decisionId: string;
  kind: string;
  incidentId: string | null;
}

export interface EffectRecords {
  /** decisionId → outcome of the challenge / review / block decisions read from Kafka. */
  flagged: ReadonlyMap<string, Exclude<DecisionOutcome, 'allow'>>;
  /** decision_id of every alert in case-service's schema. */
  alertDecisionIds: readonly string[];
  causes: readonly CauseRow[];
  notices: readonly NoticeRow[];
  /** Notices the local SMTP and webhook sinks received. */
  delivered: number;
}

export interface EffectsCheck {
  casesExpected: number;
  /** Review/block decisions with no alert in case-service. */
  casesMissing: number;
  /** Alerts for a decisionId that was never read as review/block (or filed twice). */
  casesUnexpected: number;
  verificationsExpected: number;
  /**
   * Challenge decisions the notifier never recorded (no notice of their own, none of their
   * incident's covering them, not superseded by its lock), and ones whose incident has more than
   * one verification request. The same for blocks and lock notices.
   */
  verificationsMissing: number;
  verificationsDoubled: number;
  lockNoticesExpected: number;
  lockNoticesMissing: number;
  lockNoticesDoubled: number;
  /** Causes recorded for a decision never read from Kafka ("a notice for a decision never made"). */
  noticesUnexpected: number;
  /** Notices by status (sent, suppressed by the rate limit, dead, still pending …). */
  noticeStatuses: Record<string, number>;
  /** Sent rows − notices the sinks received: > 0 lost on the way, < 0 sent twice. */
  sentVersusDelivered: number;
}

const KIND_FOR: Partial<Record<DecisionOutcome, string>> = {
  challenge: 'verification_request',
  block: 'lock_notice',
};

/**
 * Compares the decisions read with what case-service and the notifier recorded (pure). Notices
 * are per incident: a challenge is covered when it was recorded once (its own notice, listed in
 * or covered by its incident's, or superseded by the incident's lock), and an incident has at
 * most one notice of each kind.
 */
export function checkEffects(records: EffectRecords): EffectsCheck {
  const flagged = [...records.flagged];
  const needsCase = new Set(
    flagged.filter(([, outcome]) => outcome !== 'challenge').map(([id]) => id),
  );
  const alerts = new Set(records.alertDecisionIds);
  const statuses: Record<string, number> = {};
  for (const notice of records.notices)
    statuses[notice.status] = (statuses[notice.status] ?? 0) + 1;
  const count = <T>(items: readonly T[], key: (item: T) => string) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return counts;
  };
  const causesPer = count(records.causes, (cause) => `${cause.kind}/${cause.decisionId}`);
  const noticesPerIncident = count(
    records.notices.filter((notice) => notice.incidentId !== null),
    (notice) => `${notice.kind}/${notice.incidentId}`,
  );
  const incidentOf = new Map(
    records.causes.map((cause) => [`${cause.kind}/${cause.decisionId}`, cause.incidentId]),
  );
  const noticesUnexpected = records.causes.filter((cause) => {
    const outcome = records.flagged.get(cause.decisionId);
    return outcome === undefined || KIND_FOR[outcome] !== cause.kind;
  }).length;
  const notices = (outcome: 'challenge' | 'block') => {
    const kind = KIND_FOR[outcome]!;
    const keys = flagged.filter(([, o]) => o === outcome).map(([id]) => `${kind}/${id}`);
    const doubled = (key: string) => {
      const incident = incidentOf.get(key);
      return (
        (causesPer.get(key) ?? 0) > 1 ||
        (incident != null && (noticesPerIncident.get(`${kind}/${incident}`) ?? 0) > 1)
      );
    };
    return {
      expected: keys.length,
      missing: keys.filter((key) => !causesPer.has(key)).length,
      doubled: keys.filter(doubled).length,
    };
  };
  const verifications = notices('challenge');
  const locks = notices('block');
  return {
    casesExpected: needsCase.size,
    casesMissing: [...needsCase].filter((id) => !alerts.has(id)).length,
    casesUnexpected:
      records.alertDecisionIds.length - [...needsCase].filter((id) => alerts.has(id)).length,
    verificationsExpected: verifications.expected,
    verificationsMissing: verifications.missing,
    verificationsDoubled: verifications.doubled,
    lockNoticesExpected: locks.expected,
    lockNoticesMissing: locks.missing,
    lockNoticesDoubled: locks.doubled,
    noticesUnexpected,
    noticeStatuses: statuses,
    sentVersusDelivered: (statuses.sent ?? 0) - records.delivered,
  };
}

/** The failed checks, as lines for the report (empty when every effect is exactly once). */
export function effectFailures(check: EffectsCheck): string[] {
  const failures: string[] = [];
  const fail = (count: number, what: string) => {
    if (count !== 0) failures.push(`${count} ${what}`);
  };
  fail(check.casesMissing, 'review/block decisions without a case alert');
  fail(check.casesUnexpected, 'case alerts for no review/block decision (or twice)');
  fail(check.verificationsMissing, 'challenge decisions no verification request covers');
  fail(
    check.verificationsDoubled,
    'challenge decisions whose incident got more than one verification request',
  );
  fail(check.lockNoticesMissing, 'block decisions no lock notice covers');
  fail(check.lockNoticesDoubled, 'block decisions whose incident got more than one lock notice');
  fail(check.noticesUnexpected, 'notices for a decision never read');
  const undelivered = (check.noticeStatuses.pending ?? 0) + (check.noticeStatuses.sending ?? 0);
  fail(undelivered, 'notices still pending at the end');
  fail(check.noticeStatuses.dead ?? 0, 'notices dead (never delivered)');
  fail(check.sentVersusDelivered, 'sent notices − notices the sinks received');
  return failures;
}
