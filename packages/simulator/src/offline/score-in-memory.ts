import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScoredEvent } from '@vigil/events';
import { evaluate, eventTime, InMemoryFeatureStore, parseRuleSet, requiredFeatures, type RuleSet } from '@vigil/rules';
import type { DecisionView } from '../domain/detection/effective-outcomes.ts';
import type { SimulatedRecord } from '../domain/ground-truth.ts';

/** The risk engine's default rule set, as the offline report and the scenario checks read it. */
export const DEFAULT_RULES_PATH = fileURLToPath(new URL('../../../../services/risk-engine/config/rules.default.yaml', import.meta.url));

export function loadRuleSet(path = DEFAULT_RULES_PATH): RuleSet {
  return parseRuleSet(readFileSync(path, 'utf8'), path);
}

function scoredOf(record: SimulatedRecord): ScoredEvent {
  switch (record.topic) {
    case 'payments.transactions.v1':
      return { kind: 'transaction', event: record.event };
    case 'identity.logins.v1':
      return { kind: 'login', event: record.event };
    case 'identity.account-changes.v1':
      return { kind: 'account_change', event: record.event };
  }
}

/**
 * Scores records one at a time, in the order given, through @vigil/rules with its in-memory
 * reference feature store (the model the Redis store is checked against): the engine's
 * decisions for that order, without feedback, deny-lists from cases or follow-ups. Not exported
 * from the package (@vigil/rules is a dev dependency): for offline-detection and tests.
 */
export async function scoreInMemory(records: Iterable<SimulatedRecord>, ruleSet: RuleSet = loadRuleSet()): Promise<DecisionView[]> {
  const store = new InMemoryFeatureStore();
  const decisions: DecisionView[] = [];
  for (const record of records) {
    const scored = scoredOf(record);
    const at = eventTime(scored);
    const [result] = await store.computeBatch([{ eventId: record.event.eventId, accountId: record.event.accountId, at, requests: requiredFeatures(ruleSet, scored) }]);
    if (!result) throw new Error('store returned no result');
    const evaluation = evaluate(scored, result.values, ruleSet, at);
    const { eventId, accountId, occurredAt } = record.event;
    decisions.push({ eventId, accountId, occurredAt, outcome: evaluation.outcome, reasons: evaluation.reasons });
  }
  return decisions;
}
