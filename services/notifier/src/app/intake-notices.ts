import type { Logger } from '@vigil/observability';
import type { NotificationIntent } from '../domain/notification.ts';
import { planNotice, type IntakeRecord } from '../domain/plan-notification.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type { NoticeQueue } from './ports.ts';

/** A batch of consumed records from one topic. */
export interface IntakeBatch {
  topic: string;
  records: readonly { topic: string; value: IntakeRecord }[];
  logger: Logger;
}

export type NoticeIntake = (batch: IntakeBatch) => Promise<void>;

/**
 * Records → notification rows. Resolving means every row is durable, so the consumer may commit
 * the offsets; a replay after a crash finds its rows and creates nothing. This is the only place
 * notification rows are created, so nothing is ever sent for a decision that was never made.
 */
export function createNoticeIntake(deps: {
  queue: NoticeQueue;
  metrics: Pick<NotifierMetrics, 'intake' | 'notifications'>;
}): NoticeIntake {
  const { metrics } = deps;
  return async ({ topic, records, logger }) => {
    const intents: NotificationIntent[] = [];
    for (const record of records) {
      const intent = planNotice(record.value);
      if (intent === undefined) metrics.intake.inc({ topic: record.topic, result: 'ignored' });
      else intents.push(intent);
    }
    if (intents.length === 0) return;
    const result = await deps.queue.enqueue(intents);
    metrics.intake.inc({ topic, result: 'queued' }, result.created.length);
    metrics.intake.inc({ topic, result: 'duplicate' }, result.duplicates);
    for (const created of result.created) {
      if (created.status !== 'suppressed') continue;
      metrics.notifications.inc({ channel: 'none', kind: created.kind, status: 'suppressed' });
      logger.info(
        { notificationId: created.id, kind: created.kind },
        'notification suppressed by rate limit',
      );
    }
  };
}
