import type { Logger } from '@vigil/observability';
import { planIntakeItem, type IntakeItem, type IntakeRecord } from '../domain/plan-notification.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type { NoticeStore } from './ports.ts';
import {
  intakeScope,
  itemAccount,
  recordItem,
  type NoticePolicies,
  type RecordResult,
} from './record-notices.ts';

/** The consumed records of one fetch (of any of the intake's topics and partitions). */
export interface IntakeBatch {
  records: readonly { topic: string; value: IntakeRecord }[];
  logger: Logger;
}

export type NoticeIntake = (batch: IntakeBatch) => Promise<void>;

type IntakeMetrics = Pick<
  NotifierMetrics,
  'intake' | 'notifications' | 'noticesCoalesced' | 'noticesSuppressed' | 'incidents'
>;

/** Counts what one item did (after the commit: a rolled-back batch counts nothing). */
function count(result: RecordResult, topic: string, metrics: IntakeMetrics, logger: Logger): void {
  const intake = (result: string) => metrics.intake.inc({ topic, result });
  const suppressed = (kind: string, reason: string) => {
    metrics.noticesSuppressed.inc({ kind, reason });
    metrics.notifications.inc({ channel: 'none', kind, status: 'suppressed' });
  };
  if (result.outcome !== 'duplicate')
    for (const event of result.incident) metrics.incidents.inc({ event });
  switch (result.outcome) {
    case 'duplicate':
      return intake('duplicate');
    case 'answer':
      return intake('answer');
    case 'created':
      intake('queued');
      if (result.status === 'suppressed') {
        suppressed(result.kind, 'rate_limit');
        logger.info(
          { notificationId: result.noticeId, kind: result.kind },
          'notification suppressed by rate limit',
        );
      }
      if (result.withdrew !== undefined) {
        suppressed('verification_request', 'replaced_by_lock');
        logger.info(
          { notificationId: result.withdrew, lockNotice: result.noticeId },
          'verification request replaced by lock notice',
        );
      }
      return;
    case 'listed':
    case 'covered':
      intake('coalesced');
      metrics.noticesCoalesced.inc({ kind: result.kind, outcome: result.outcome });
      return;
    case 'superseded':
      intake('superseded');
      metrics.noticesSuppressed.inc({ kind: result.kind, reason: 'incident_locked' });
      return;
  }
}

/**
 * Records → notices, per incident. Resolving means every change is durable, so the consumer may
 * commit the offsets; a replay after a crash finds its causes recorded and changes nothing. This
 * is the only place notification rows are created, so nothing is ever sent for a decision that
 * was never made.
 */
export function createNoticeIntake(deps: {
  store: NoticeStore;
  policies: NoticePolicies;
  metrics: IntakeMetrics;
  /**
   * Notices are deleted this long after (NOTICES_RETENTION_DAYS): a cause decided before then
   * gets no notice, or a replay of one whose notice was deleted would notify the customer again.
   */
  retention?: { ms: number; now: () => number };
}): NoticeIntake {
  const { metrics, retention } = deps;
  return async ({ records, logger }) => {
    const planned: { item: IntakeItem; topic: string }[] = [];
    const staleBefore = retention ? retention.now() - retention.ms : -Infinity;
    for (const record of records) {
      const item = planIntakeItem(record.value);
      if (item === undefined) metrics.intake.inc({ topic: record.topic, result: 'ignored' });
      else if (item.type === 'notice' && Date.parse(item.intent.decidedAt) < staleBefore)
        metrics.intake.inc({ topic: record.topic, result: 'stale' });
      else planned.push({ item, topic: record.topic });
    }
    if (planned.length === 0) return;
    // In consumption order: an account's decisions are on one partition, in the order decided
    // (a fetch's partitions come one after the other, each in offset order).
    const scope = intakeScope(
      planned.map((p) => p.item),
      deps.policies,
    );
    const results = await deps.store.withAccounts(scope, async (account) => {
      const done: { result: RecordResult; topic: string }[] = [];
      for (const { item, topic } of planned)
        done.push({
          result: await recordItem(account(itemAccount(item)), item, deps.policies),
          topic,
        });
      return done;
    });
    for (const { result, topic } of results) count(result, topic, metrics, logger);
  };
}
