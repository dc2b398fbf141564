import { riskFeedback, type RiskFeedback } from '@vigil/events';
import type { BatchHandler, Subscription } from '@vigil/kafka';
import { notifierDecision, type NotifierDecision } from '../domain/decision-context.ts';
import type { NotificationIntent } from '../domain/notification.ts';
import { planFromDecision, planFromFeedback } from '../domain/plan-notification.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type { EnqueueResult } from '../adapters/pg-outbox.ts';

/** The two inputs, tagged by their schema so one consumer group reads both topics. */
export type IntakeRecord =
  | { source: 'decision'; decision: NotifierDecision }
  | { source: 'feedback'; feedback: RiskFeedback };

export function intakeSubscriptions(topics: {
  decisions: string;
  feedback: string;
}): Subscription<IntakeRecord>[] {
  return [
    {
      topic: topics.decisions,
      schema: notifierDecision.transform((decision): IntakeRecord => ({
        source: 'decision',
        decision,
      })),
    },
    {
      topic: topics.feedback,
      schema: riskFeedback.transform((feedback): IntakeRecord => ({
        source: 'feedback',
        feedback,
      })),
    },
  ];
}

function plan(record: IntakeRecord): NotificationIntent | undefined {
  return record.source === 'decision'
    ? planFromDecision(record.decision)
    : planFromFeedback(record.feedback);
}

/**
 * Records → outbox rows. Resolving means every row is committed in PostgreSQL, so the runner may
 * commit the offsets; a replay after a crash hits the (decision_id, kind) constraint and creates
 * nothing. This is the only place notification rows are created.
 */
export function createIntakeHandler(deps: {
  outbox: { enqueue(intents: readonly NotificationIntent[]): Promise<EnqueueResult> };
  metrics: NotifierMetrics;
}): BatchHandler<IntakeRecord> {
  return async (records, ctx) => {
    const intents: NotificationIntent[] = [];
    for (const record of records) {
      const intent = plan(record.value);
      if (intent === undefined) deps.metrics.intake.inc({ topic: record.topic, result: 'ignored' });
      else intents.push(intent);
    }
    if (intents.length === 0) return;
    const result = await deps.outbox.enqueue(intents);
    deps.metrics.intake.inc({ topic: ctx.topic, result: 'queued' }, result.created.length);
    deps.metrics.intake.inc({ topic: ctx.topic, result: 'duplicate' }, result.duplicates);
    for (const created of result.created) {
      if (created.status === 'suppressed') {
        deps.metrics.notifications.inc({
          channel: 'none',
          kind: created.kind,
          status: 'suppressed',
        });
        ctx.logger.info(
          { notificationId: created.id, kind: created.kind },
          'notification suppressed by rate limit',
        );
      }
    }
  };
}
