import { classifyError, VigilError } from '@vigil/errors';
import type {
  AccountChangeEvent,
  DecisionContext,
  LoginEvent,
  RiskDecision,
  ScoredEvent,
  TransactionEvent,
} from '@vigil/events';
import type { BatchHandler, ConsumedRecord } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import {
  buildDecision,
  evaluate,
  eventTime,
  planFeatures,
  requiredFeatures,
  type FeatureStore,
  type RuleSet,
} from '@vigil/rules';
import { planEffects } from '../domain/effects-plan.ts';
import type { RiskEngineMetrics } from '../metrics.ts';
import type {
  CaseGateway,
  DecisionPublisher,
  DecisionSubject,
  DecisionSubjectStore,
  LockLedger,
} from './ports.ts';

export type InboundEvent = TransactionEvent | LoginEvent | AccountChangeEvent;

export interface ScoreBatchDeps {
  /** Which kind of event a (real) topic carries. */
  kindOf: (topic: string) => ScoredEvent['kind'];
  ruleSet: () => RuleSet;
  featureStore: FeatureStore;
  subjects: DecisionSubjectStore;
  locks: LockLedger;
  cases: CaseGateway;
  publisher: DecisionPublisher;
  metrics: RiskEngineMetrics;
  clock: () => number;
  logger: Logger;
}

/** Where a delivery was read from: a replay from elsewhere is the same event sent again. */
function originOf(record: ConsumedRecord<InboundEvent>): string {
  return `${record.topic}/${record.partition}/${record.offset}`;
}

function toScored(kind: ScoredEvent['kind'], event: InboundEvent): ScoredEvent {
  return { kind, event } as ScoredEvent;
}

/** What the customer needs to recognise the activity; the notifier renders it. */
function contextOf(scored: ScoredEvent): DecisionContext {
  const { event } = scored;
  const context: DecisionContext = {};
  if (scored.kind === 'transaction') {
    context.amount = scored.event.amount;
    if (scored.event.merchant?.name) context.merchantName = scored.event.merchant.name;
  }
  if (event.geo)
    context.geo = event.geo.city
      ? { country: event.geo.country, city: event.geo.city }
      : { country: event.geo.country };
  if (event.device?.platform) context.device = { platform: event.device.platform };
  return context;
}

function subjectOf(scored: ScoredEvent, decision: RiskDecision): DecisionSubject {
  return {
    decisionId: decision.decisionId,
    accountId: decision.accountId,
    deviceId: scored.event.device?.id,
    ip: scored.event.ip,
    cardFingerprint: scored.kind === 'transaction' ? scored.event.card?.fingerprint : undefined,
  };
}

/**
 * Scores one partition batch: one feature-store round trip for all its events, pure evaluation,
 * cases raised (idempotent on decisionId), then decisions and lock commands published in one
 * Kafka transaction with the batch's offset. Any failure throws before the transaction commits,
 * so the runner retries the whole batch: the feature store returns replayed events' first
 * results, case-service dedupes the alerts, and only one transaction ever becomes visible.
 */
export function createScoreBatchHandler(deps: ScoreBatchDeps): BatchHandler<InboundEvent> {
  const { metrics } = deps;

  async function raiseCase(decision: RiskDecision): Promise<void> {
    try {
      await deps.cases.raiseCase(decision);
      metrics.casesRaised.inc({ outcome: decision.outcome });
    } catch (error) {
      const classified = classifyError(error);
      metrics.caseRaiseFailures.inc({ code: classified.code });
      throw classified;
    }
  }

  return async (records: ConsumedRecord<InboundEvent>[], ctx) => {
    const last = records.at(-1);
    if (!last) return;
    const endPrepare = metrics.batchStageSeconds.startTimer({ stage: 'prepare' });
    await deps.publisher.prepare({ topic: last.topic, partition: last.partition }, ctx.attempt);
    endPrepare();
    const ruleSet = deps.ruleSet();
    const endScoring = metrics.scoringSeconds.startTimer();
    const scored = records.map((record) => toScored(deps.kindOf(record.topic), record.value));
    const rulePlans = scored.map((event) => planFeatures(ruleSet, event));
    const results = await deps.featureStore.computeBatch(
      scored.map((event, i) => ({
        eventId: event.event.eventId,
        accountId: event.event.accountId,
        at: eventTime(event),
        requests: requiredFeatures(ruleSet, event, rulePlans[i]),
        origin: originOf(records[i]!),
        plan: ruleSet.fingerprint,
      })),
    );
    // An event delivered again upstream (same eventId, another offset) was decided on its first
    // delivery, earlier in this batch or in a committed one: one decision per eventId, ever.
    const decided = scored.flatMap((event, i) =>
      results[i]!.duplicate ? [] : [{ event, record: records[i]!, index: i }],
    );
    const now = deps.clock();
    const evaluations = decided.map(({ event, index }) =>
      evaluate(event, results[index]!.values, ruleSet, now, rulePlans[index]),
    );
    const decisions = decided.map(({ event }, i) => ({
      ...buildDecision(event, evaluations[i]!),
      context: contextOf(event),
    }));
    endScoring();

    const endEffects = metrics.batchStageSeconds.startTimer({ stage: 'effects' });
    const plans = decisions.map((decision, i) =>
      planEffects(decision, evaluations[i]!.temporaryLocks),
    );
    const flagged = decisions.flatMap((decision, i) =>
      decision.outcome === 'allow' ? [] : [subjectOf(decided[i]!.event, decision)],
    );
    if (flagged.length > 0) await deps.subjects.remember(flagged);
    await Promise.all(
      plans.filter((plan) => plan.raiseCase).map((plan) => raiseCase(plan.decision)),
    );
    // An account already locked by an earlier block (within the hold) is not locked again.
    const locking = plans.filter((plan) => plan.lockCommand !== undefined);
    const claimed = await deps.locks.claim(
      locking.map(({ decision }) => ({
        accountId: decision.accountId,
        decisionId: decision.decisionId,
      })),
    );
    const locks = locking.flatMap((plan) =>
      plan.lockCommand && claimed.has(plan.decision.decisionId) ? [plan.lockCommand] : [],
    );
    // Timed locks are not held back: each failure past the threshold extends the lock.
    const timedLocks = plans.flatMap((plan) => plan.temporaryLockCommands);
    const commands = [...locks, ...timedLocks];
    endEffects();
    // Lost the partition while scoring (rebalance): the new owner redoes this batch.
    if (!ctx.isActive())
      throw new VigilError(
        'PARTITION_REVOKED',
        `${last.topic}/${last.partition} was reassigned mid-batch`,
        { retryable: true },
      );
    const endPublish = metrics.batchStageSeconds.startTimer({ stage: 'publish' });
    await deps.publisher.publish(
      {
        topic: last.topic,
        partition: last.partition,
        nextOffset: (BigInt(last.offset) + 1n).toString(),
      },
      decisions,
      commands,
    );
    endPublish();

    const published = deps.clock();
    metrics.lockCommands.inc({ kind: 'until_unlock' }, locks.length);
    metrics.lockCommands.inc({ kind: 'timed' }, timedLocks.length);
    metrics.lockCommandsSuppressed.inc(locking.length - locks.length);
    metrics.duplicateEvents.inc(records.length - decided.length);
    decided.forEach(({ record }, i) => {
      const decision = decisions[i]!;
      metrics.decisions.inc({ outcome: decision.outcome, event_type: decision.eventType });
      metrics.eventToDecision.observe(Math.max(0, published - Number(record.timestamp)) / 1000);
      for (const reason of decision.reasons)
        metrics.ruleHits.inc({ rule: reason.rule, mode: 'enforce' });
      for (const reason of decision.shadowReasons)
        metrics.ruleHits.inc({ rule: reason.rule, mode: 'shadow' });
      for (const lock of evaluations[i]!.temporaryLocks) {
        metrics.temporaryLocks.inc({ scope: lock.scope });
        deps.logger.info(
          {
            accountId: lock.accountId,
            rule: lock.rule,
            scope: lock.scope,
            durationMs: lock.durationMs,
          },
          'temporary login lock',
        );
      }
    });
  };
}
