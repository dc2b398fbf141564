import type { RiskFeedback } from '@vigil/events';
import type {
  BatchHandler,
  ConsumedRecord,
  OutputBatch,
  TransactionalPublisher,
} from '@vigil/kafka';
import {
  denyListSweeps,
  feedbackToListMutations,
  retroFollowUps,
  type EventMemory,
  type FeatureStore,
  type RetroEntity,
  type RuleSet,
} from '@vigil/rules';
import type { RiskEngineMetrics } from '../metrics.ts';
import { applyEffects, type EffectsDeps } from './apply-effects.ts';
import type { DecisionSubject } from './ports.ts';
import type { UnitOutputs } from './score-batch.ts';

export interface FeedbackDeps extends EffectsDeps {
  featureStore: FeatureStore;
  memory: EventMemory;
  ruleSet: () => RuleSet;
  /** Commits the batch's follow-ups with its offsets (groupId: the feedback consumer's). */
  publisher: TransactionalPublisher;
  outputs: (produced: UnitOutputs) => OutputBatch<unknown>[];
  metrics: RiskEngineMetrics;
  clock: () => number;
}

function deniedEntities(
  record: ConsumedRecord<RiskFeedback>,
  subject: DecisionSubject | undefined,
): { entity: RetroEntity; value: string; accountId: string; at: number; origin: string }[] {
  const feedback = record.value;
  if (feedback.verdict !== 'fraud') return [];
  const origin = `${record.topic}/${record.partition}/${record.offset}`;
  const at = Date.parse(feedback.occurredAt);
  const device = feedback.deviceId ?? subject?.deviceId;
  const found: [RetroEntity, string | undefined][] = [
    ['device', device],
    ['card', subject?.cardFingerprint],
    ['ip', subject?.ip],
  ];
  return found.flatMap(([entity, value]) =>
    value === undefined ? [] : [{ entity, value, accountId: feedback.accountId, at, origin }],
  );
}

/**
 * Closes the loop: a customer's "it was me" or an agent's false-positive trusts the device for
 * the account (and forgets its last lock, so a later block locks again); confirmed fraud
 * deny-lists the decision's device, card fingerprint and IP, and — where the rule set's retro-hunt
 * covers them — every other account that used that device or card within the lookback gets a
 * follow-up decision. List writes are idempotent; the follow-ups are published with the batch's
 * offsets in one Kafka transaction, and a sweep repeated by a retry claims the same accounts.
 */
export function createFeedbackHandler(deps: FeedbackDeps): BatchHandler<RiskFeedback> {
  const { metrics } = deps;
  return async (records, ctx) => {
    const last = records.at(-1);
    if (!last) return;
    const source = `${ctx.topic}-${ctx.partition}`;
    await deps.publisher.prepare(source, ctx.attempt === 0);
    const ruleSet = deps.ruleSet();
    const denied: ReturnType<typeof deniedEntities> = [];
    // In offset order: one account's answers apply in the order they were given.
    for (const record of records) {
      const feedback = record.value;
      const subject = feedback.decisionId
        ? await deps.subjects.lookup(feedback.accountId, feedback.decisionId)
        : undefined;
      await deps.featureStore.applyListMutations(feedbackToListMutations(feedback, subject ?? {}));
      // Cleared by an agent or the customer: case-service unlocks, so the next block must lock again.
      if (feedback.verdict === 'legit') await deps.locks.release(feedback.accountId);
      denied.push(...deniedEntities(record, subject));
    }
    const sweeps = denyListSweeps(ruleSet.retroHunt, denied);
    const followUps =
      sweeps.length > 0 && ruleSet.retroHunt
        ? retroFollowUps(
            ruleSet.retroHunt,
            ruleSet.version,
            sweeps,
            await deps.memory.settle({
              outcomes: [],
              sweeps: sweeps.map((sweep) => sweep.request),
              raises: [],
            }),
            deps.clock(),
          ).map(({ decision }) => decision)
        : [];
    const effects = await applyEffects(
      deps,
      followUps.map((decision) => ({ decision, temporaryLocks: [] })),
    );
    if (followUps.length > 0)
      await deps.memory.settle({
        outcomes: [],
        sweeps: [],
        raises: followUps.map((decision) => ({
          accountId: decision.accountId,
          eventId: decision.followUp!.eventId,
          outcome: decision.outcome,
          by: decision.decisionId,
        })),
      });
    await deps.publisher.publish(
      source,
      [
        {
          topic: ctx.topic,
          partition: ctx.partition,
          nextOffset: (BigInt(last.offset) + 1n).toString(),
        },
      ],
      deps.outputs({ decisions: followUps, commands: effects.commands.flat() }),
    );
    for (const record of records)
      metrics.feedbackApplied.inc({ source: record.value.source, verdict: record.value.verdict });
    followUps.forEach((decision, i) => {
      effects.count(i);
      metrics.followUps.inc({ kind: 'retro_hunt' });
    });
  };
}
