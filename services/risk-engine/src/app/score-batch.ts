import type {
  AccountChangeEvent,
  AccountCommand,
  LoginEvent,
  RiskDecision,
  ScoredEvent,
  TransactionEvent,
} from '@vigil/events';
import type { ConsumedRecord } from '@vigil/kafka';
import type { Logger } from '@vigil/observability';
import {
  contextOf,
  decideBatchWriting,
  type Evaluation,
  type EventMemory,
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
  memory: EventMemory;
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

/** A decision the batch publishes, from the record whose unit carries it. */
interface Published {
  record: ConsumedRecord<InboundEvent>;
  decision: RiskDecision;
  /** The event it decides (absent for a retro-hunt follow-up). */
  event?: ScoredEvent;
  evaluation?: Evaluation;
}

/** Where a delivery was read from: a replay from elsewhere is the same event sent again. */
function originOf(record: ConsumedRecord<InboundEvent>): string {
  return `${record.topic}/${record.partition}/${record.offset}`;
}

function toScored(kind: ScoredEvent['kind'], event: InboundEvent): ScoredEvent {
  return { kind, event } as ScoredEvent;
}

/**
 * Scores one merged batch (records of several units, in event-time order) with `decideBatch`:
 * features as of each event's own time (store calls of 32 events, back to back), pure evaluation, the follow-ups later
 * knowledge calls for (late events revisiting what their account decided after them, retro-hunts
 * of entities found bad). Then the effects of every decision (cases raised idempotently on
 * decisionId, subjects kept, lock claims), and the decisions and commands grouped by the unit
 * whose record caused them. Any failure throws before anything is published, so the consumer
 * retries the batch: the stores hand replayed events their first results and the same
 * follow-ups, case-service dedupes the alerts, and only one transaction of the batch becomes
 * visible.
 */
export function createBatchScorer(
  deps: ScoreBatchDeps,
): (records: readonly ConsumedRecord<InboundEvent>[]) => Promise<ScoredBatch> {
  const { metrics } = deps;

  return async (records) => {
    const ruleSet = deps.ruleSet();
    const endScoring = metrics.scoringSeconds.startTimer();
    const { batch, written } = await decideBatchWriting(
      { ruleSet, store: deps.featureStore, memory: deps.memory, now: deps.clock() },
      records.map((record) => ({
        scored: toScored(deps.kindOf(record.topic), record.value),
        origin: originOf(record),
      })),
    );
    const published: Published[] = [
      ...batch.decided.map(({ index, scored, evaluation, decision }) => ({
        record: records[index]!,
        decision: { ...decision, context: contextOf(scored) },
        event: scored,
        evaluation,
      })),
      ...batch.followUps.map(({ index, decision, revisited }) => ({
        record: records[index]!,
        decision: revisited ? { ...decision, context: contextOf(revisited) } : decision,
        ...(revisited ? { event: revisited } : {}),
      })),
    ];
    endScoring();

    // The event memory's last write of the batch is still in flight: the effects' calls go out
    // beside it, one Redis round trip for both. Both settle before a failure is thrown (a retry
    // must not overtake calls of this attempt, see decideBatch).
    const endEffects = metrics.batchStageSeconds.startTimer({ stage: 'effects' });
    const [memoryWrite, applied] = await Promise.allSettled([
      written,
      applyEffects(
        deps,
        published.map(({ decision, event, evaluation }) => ({
          decision,
          ...(event ? { event } : {}),
          temporaryLocks: evaluation?.temporaryLocks ?? [],
        })),
      ),
    ]);
    if (memoryWrite.status === 'rejected') throw memoryWrite.reason;
    if (applied.status === 'rejected') throw applied.reason;
    // Only a batch that goes on to publish counts (a failed attempt is retried whole).
    endEffects();
    const effects = applied.value;

    const byUnit = new Map<number, UnitOutputs>();
    const unitOf = (record: ConsumedRecord<InboundEvent>) => {
      let unit = byUnit.get(record.partition);
      if (!unit) {
        unit = { decisions: [], commands: [] };
        byUnit.set(record.partition, unit);
      }
      return unit;
    };
    published.forEach(({ record, decision }, i) => {
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
        metrics.duplicateEvents.inc(batch.duplicates.filter((i) => mine(records[i]!)).length);
        metrics.lateEvents.inc(batch.late);
        metrics.lateForOthers.inc(batch.lateForOthers);
        metrics.unreadableRemembered.inc(batch.unreadable);
        published.forEach(({ record, decision, evaluation }, i) => {
          if (!mine(record)) return;
          effects.count(i);
          if (decision.followUp) {
            metrics.followUps.inc({ kind: decision.followUp.kind });
            // Rare and consequential (a customer is asked again about something past): on record.
            deps.logger.info(
              {
                accountId: decision.accountId,
                eventId: decision.eventId,
                outcome: decision.outcome,
                followUp: decision.followUp,
                from: originOf(record),
              },
              'follow-up decision published',
            );
            return;
          }
          metrics.decisions.inc({ outcome: decision.outcome, event_type: decision.eventType });
          metrics.eventToDecision.observe(
            Math.max(0, committedAt - Number(record.timestamp)) / 1000,
          );
          for (const reason of decision.reasons)
            metrics.ruleHits.inc({ rule: reason.rule, mode: 'enforce' });
          for (const reason of decision.shadowReasons)
            metrics.ruleHits.inc({ rule: reason.rule, mode: 'shadow' });
          for (const lock of evaluation?.temporaryLocks ?? []) {
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
