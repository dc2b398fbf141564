import { VigilError } from '@vigil/errors';
import {
  buildDecision,
  evaluationOf,
  InMemoryEventMemory,
  memoryItems,
  settleBatch,
  type ConfiguredRule,
  type FeatureStore,
  type RuleHit,
  type RuleSet,
} from '@vigil/rules';
import type { RecordedEvent } from './recorded-event.ts';
import { replayInOrder, type Replay } from './replay-rule-set.ts';
import type { SharedRule } from './shared-rules.ts';

/** Every worker's hits by event: [shared rule, hit] pairs, for the events that have any. */
export type HitsByEvent = ReadonlyMap<number, readonly (readonly [number, RuleHit])[]>;

/**
 * The store a settlement gets: revisiting earlier events is for late events only, and a replay
 * in event-time order has none (its event memory refuses one, REPLAY_OUT_OF_ORDER).
 */
const noStore: FeatureStore = {
  computeBatch: () =>
    Promise.reject(
      new VigilError('BACKTEST_LATE_EVENT', 'a replay in event-time order revisited an event', {
        retryable: false,
      }),
    ),
  applyListMutations: () => Promise.resolve(),
};

/**
 * One rule set's replay from the hits of the shared rules: each event's evaluation from the
 * hits of the set's active rules in the set's order, then the engine's own settlement (event
 * memory, retro-hunt sweeps and their follow-ups: `settleBatch` of @vigil/rules, what
 * `decideBatch` ends with) one event at a time in order, as `replayRuleSet` decides them.
 */
export async function decideFromHits(input: {
  ruleSet: RuleSet;
  /** 0: the baseline, 1: the candidate (its index in SharedRule.at). */
  side: 0 | 1;
  rules: readonly SharedRule[];
  hits: HitsByEvent;
  duplicates: ReadonlySet<number>;
  events: Iterable<RecordedEvent>;
  measureFrom: number;
}): Promise<Replay> {
  const { ruleSet, side } = input;
  // The set's rule behind each shared rule it has; its order is the set's.
  const configuredOf = new Map<number, { configured: ConfiguredRule; order: number }>();
  input.rules.forEach(({ at }, shared) => {
    const index = at[side];
    if (index >= 0) configuredOf.set(shared, { configured: ruleSet.rules[index]!, order: index });
  });
  const memory = new InMemoryEventMemory({ inEventTimeOrder: true });
  return replayInOrder(input.events, input.measureFrom, async (recorded, index, at) => {
    const deps = { ruleSet, store: noStore, memory, now: at };
    // The memory keeps no payloads of events in event-time order: none to serialise.
    const remembered = await memory.record(memoryItems(ruleSet, [recorded], () => ''));
    if (input.duplicates.has(index))
      return settleBatch(deps, [recorded], ['duplicate'], remembered);
    const hits: { configured: ConfiguredRule; hit: RuleHit; order: number }[] = [];
    for (const [shared, hit] of input.hits.get(index) ?? []) {
      const rule = configuredOf.get(shared);
      if (rule) hits.push({ ...rule, hit });
    }
    hits.sort((a, b) => a.order - b.order);
    const evaluation = evaluationOf(ruleSet, hits, at);
    const decision = buildDecision(recorded.scored, evaluation);
    const decided = { index: 0, scored: recorded.scored, evaluation, decision };
    return settleBatch(deps, [recorded], [decided], remembered);
  });
}
