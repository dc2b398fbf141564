import type {
  AccountChangeEvent,
  AccountCommand,
  DecisionContext,
  LoginEvent,
  RiskDecision,
  ScoredEvent,
  TransactionEvent,
} from '@vigil/events';
import type { ConsumedRecord } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import {
  buildDecision,
  evaluate,
  eventTime,
  planFeatures,
  requiredFeatures,
  type Evaluation,
  type FeatureStore,
  type RuleSet,
} from '@vigil/rules';
import type { RiskEngineMetrics } from '../metrics.ts';
import { applyEffects, type EffectsDeps } from './apply-effects.ts';

export type InboundEvent = TransactionEvent | LoginEvent | AccountChangeEvent;

export interface ScoreBatchDeps extends EffectsDeps {
  /** Which kind of event a (real) topic carries. */
  kindOf: (topic: string) => ScoredEvent['kind'];
  ruleSet: () => RuleSet;
  featureStore: FeatureStore;
  metrics: RiskEngineMetrics;
  clock: () => number;
  logger: Logger;
}

/** What one unit (input partition number) publishes in its transaction. */
export interface UnitOutputs {
  decisions: RiskDecision[];
  commands: AccountCommand[];
}

export interface ScoredBatch {
  byUnit: Map<number, UnitOutputs>;
  /** Counts and logs what the units whose transactions committed published. */
  committed(units: ReadonlySet<number>, committedAt: number): void;
}

/** One decided event of the batch. */
interface Decided {
  record: ConsumedRecord<InboundEvent>;
  event: ScoredEvent;
  evaluation: Evaluation;
  decision: RiskDecision;
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

/**
 * Scores one merged batch (records of several units, in event-time order): one feature-store
 * round trip for all of them — the store applies them in this order, so every feature an event
 * reads is as of its own time — pure evaluation, then the effects (cases raised idempotently on
 * decisionId, subjects kept, lock claims), and the decisions and commands grouped by unit for
 * its transaction. Any failure throws before anything is published, so the consumer retries the
 * batch: the feature store returns replayed events' first results, case-service dedupes the
 * alerts, and only one transaction per unit ever becomes visible.
 */
export function createBatchScorer(
  deps: ScoreBatchDeps,
): (records: readonly ConsumedRecord<InboundEvent>[]) => Promise<ScoredBatch> {
  const { metrics } = deps;

  return async (records) => {
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
    const now = deps.clock();
    // An event delivered again upstream (same eventId, another offset) was decided on its first
    // delivery, earlier in this batch or in a committed one: one decision per eventId, ever.
    const decided: Decided[] = scored.flatMap((event, i) => {
      const result = results[i]!;
      if (result.duplicate) return [];
      const evaluation = evaluate(event, result.values, ruleSet, now, rulePlans[i]);
      const decision = { ...buildDecision(event, evaluation), context: contextOf(event) };
      return [{ record: records[i]!, event, evaluation, decision }];
    });
    endScoring();

    const endEffects = metrics.batchStageSeconds.startTimer({ stage: 'effects' });
    const effects = await applyEffects(deps, decided);
    endEffects();

    const byUnit = new Map<number, UnitOutputs>();
    const unitOf = (record: ConsumedRecord<InboundEvent>) => {
      let unit = byUnit.get(record.partition);
      if (!unit) {
        unit = { decisions: [], commands: [] };
        byUnit.set(record.partition, unit);
      }
      return unit;
    };
    decided.forEach(({ record, decision }, i) => {
      const unit = unitOf(record);
      unit.decisions.push(decision);
      unit.commands.push(...effects.commands[i]!);
    });
    // A batch of nothing but resends still commits its units' offsets.
    for (const record of records) unitOf(record);

    return {
      byUnit,
      committed(units, committedAt) {
        const mine = (record: ConsumedRecord<InboundEvent>) => units.has(record.partition);
        metrics.duplicateEvents.inc(
          records.filter(mine).length - decided.filter(({ record }) => mine(record)).length,
        );
        decided.forEach(({ record, decision, evaluation }, i) => {
          if (!mine(record)) return;
          effects.count(i);
          metrics.decisions.inc({ outcome: decision.outcome, event_type: decision.eventType });
          metrics.eventToDecision.observe(
            Math.max(0, committedAt - Number(record.timestamp)) / 1000,
          );
          for (const reason of decision.reasons)
            metrics.ruleHits.inc({ rule: reason.rule, mode: 'enforce' });
          for (const reason of decision.shadowReasons)
            metrics.ruleHits.inc({ rule: reason.rule, mode: 'shadow' });
          for (const lock of evaluation.temporaryLocks) {
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
      },
    };
  };
}
