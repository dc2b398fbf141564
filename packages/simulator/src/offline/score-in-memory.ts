import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RiskDecision } from '@vigil/events';
import {
  decideBatch,
  eventTime,
  InMemoryEventMemory,
  InMemoryFeatureStore,
  parseRuleSet,
  type RuleSet,
} from '@vigil/rules';
import type { DecisionView } from '../domain/detection/effective-outcomes.ts';
import type { SimulatedRecord } from '../domain/ground-truth.ts';
import { scoredEventOf } from '../domain/scored-event.ts';

/** The risk engine's default rule set, as the offline report and the scenario checks read it. */
export const DEFAULT_RULES_PATH = fileURLToPath(
  new URL('../../../../services/risk-engine/config/rules.default.yaml', import.meta.url),
);

export function loadRuleSet(path = DEFAULT_RULES_PATH): RuleSet {
  return parseRuleSet(readFileSync(path, 'utf8'), path);
}

/** The rule set's amount rules (per-currency thresholds), for the report's per-market table. */
export function amountRuleIds(ruleSet: RuleSet): Set<string> {
  return new Set(ruleSet.rules.filter((r) => r.rule.judgesAmount === true).map((r) => r.id));
}

/**
 * Scores records one at a time, in the order given, through the engine's own decision path
 * (`decideBatch` of @vigil/rules) on its in-memory reference stores (the models the Redis stores
 * are checked against): the engine's decisions and follow-ups (late events, retro-hunts) for
 * that order, without feedback or deny-lists from cases. Not exported from the package
 * (@vigil/rules is a dev dependency): for offline-detection and tests.
 */
export async function scoreInMemory(
  records: Iterable<SimulatedRecord>,
  ruleSet: RuleSet = loadRuleSet(),
): Promise<DecisionView[]> {
  const store = new InMemoryFeatureStore();
  const memory = new InMemoryEventMemory();
  const decisions: DecisionView[] = [];
  let offset = 0;
  for (const record of records) {
    const scored = scoredEventOf(record);
    const batch = await decideBatch({ ruleSet, store, memory, now: eventTime(scored) }, [
      { scored, origin: `${record.topic}/0/${offset++}` },
    ]);
    for (const { decision } of batch.decided) decisions.push(view(decision));
    for (const { decision } of batch.followUps) decisions.push(view(decision));
  }
  return decisions;
}

function view(decision: RiskDecision): DecisionView {
  const { eventId, accountId, occurredAt, outcome, reasons, followUp } = decision;
  return {
    eventId,
    accountId,
    occurredAt,
    outcome,
    reasons,
    ...(followUp
      ? {
          followUp: {
            kind: followUp.kind,
            eventId: followUp.eventId,
            ...(followUp.triggeredAt ? { triggeredAt: followUp.triggeredAt } : {}),
          },
        }
      : {}),
  };
}
