import type { DecisionOutcome } from '@vigil/events';

/** One row of the notifier's notifications table. */
export interface NoticeRow {
  decisionId: string;
  kind: string;
  status: string;
}

export interface EffectRecords {
  /** decisionId → outcome of the challenge / review / block decisions read from Kafka. */
  flagged: ReadonlyMap<string, Exclude<DecisionOutcome, 'allow'>>;
  /** decision_id of every alert in case-service's schema. */
  alertDecisionIds: readonly string[];
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
  /** Challenge decisions with no verification request, or with more than one. */
  verificationsMissing: number;
  verificationsDoubled: number;
  lockNoticesExpected: number;
  lockNoticesMissing: number;
  lockNoticesDoubled: number;
  /** Notices for a decision never read from Kafka ("a notice for a decision never made"). */
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

/** Compares the decisions read with what case-service and the notifier recorded (pure). */
export function checkEffects(records: EffectRecords): EffectsCheck {
  const flagged = [...records.flagged];
  const needsCase = new Set(
    flagged.filter(([, outcome]) => outcome !== 'challenge').map(([id]) => id),
  );
  const alerts = new Set(records.alertDecisionIds);
  const noticesPer = new Map<string, number>();
  const statuses: Record<string, number> = {};
  let noticesUnexpected = 0;
  for (const notice of records.notices) {
    statuses[notice.status] = (statuses[notice.status] ?? 0) + 1;
    const outcome = records.flagged.get(notice.decisionId);
    if (outcome === undefined || KIND_FOR[outcome] !== notice.kind) noticesUnexpected += 1;
    const key = `${notice.kind}/${notice.decisionId}`;
    noticesPer.set(key, (noticesPer.get(key) ?? 0) + 1);
  }
  const notices = (outcome: 'challenge' | 'block') => {
    const ids = flagged.filter(([, o]) => o === outcome).map(([id]) => id);
    const counts = ids.map((id) => noticesPer.get(`${KIND_FOR[outcome]}/${id}`) ?? 0);
    return {
      expected: ids.length,
      missing: counts.filter((n) => n === 0).length,
      doubled: counts.filter((n) => n > 1).length,
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
  fail(check.verificationsMissing, 'challenge decisions without a verification request');
  fail(check.verificationsDoubled, 'challenge decisions with more than one verification request');
  fail(check.lockNoticesMissing, 'block decisions without a lock notice');
  fail(check.lockNoticesDoubled, 'block decisions with more than one lock notice');
  fail(check.noticesUnexpected, 'notices for a decision never read');
  const undelivered = (check.noticeStatuses.pending ?? 0) + (check.noticeStatuses.sending ?? 0);
  fail(undelivered, 'notices still pending at the end');
  fail(check.noticeStatuses.dead ?? 0, 'notices dead (never delivered)');
  fail(check.sentVersusDelivered, 'sent notices − notices the sinks received');
  return failures;
}
