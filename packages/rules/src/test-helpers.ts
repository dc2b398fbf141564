// Builders shared by the unit tests of this package (imported only by *.test.ts files).
import {
  accountChangeEvent,
  loginEvent,
  transactionEvent,
  type AccountChangeEvent,
  type LoginEvent,
  type ScoredEvent,
  type TransactionEvent,
} from '@vigil/events';
import { evaluate, type Evaluation } from './evaluate.ts';
import { eventTime } from './event-view.ts';
import { requiredFeatures } from './feature-plan.ts';
import type { FeatureStore } from './feature-store.ts';
import { InMemoryFeatureStore } from './in-memory-feature-store.ts';
import { compileRuleSet, type RuleSet } from './rule-set.ts';

export const T0 = Date.parse('2026-11-24T00:00:00.000Z');
let sequence = 0;

function nextId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

const iso = (at: number) => new Date(at).toISOString();

export function tx(fields: Partial<TransactionEvent> & { at?: number } = {}): ScoredEvent {
  const { at = T0, ...rest } = fields;
  const event = transactionEvent.parse({
    schemaVersion: 1,
    eventId: nextId('tx'),
    occurredAt: iso(at),
    accountId: 'acct-1',
    transactionId: nextId('t'),
    type: 'payment',
    status: 'approved',
    amount: { minor: 1_000, currency: 'USD' },
    channel: 'ecommerce',
    ...rest,
  });
  return { kind: 'transaction', event };
}

export function login(fields: Partial<LoginEvent> & { at?: number } = {}): ScoredEvent {
  const { at = T0, ...rest } = fields;
  const event = loginEvent.parse({
    schemaVersion: 1,
    eventId: nextId('login'),
    occurredAt: iso(at),
    accountId: 'acct-1',
    outcome: 'success',
    method: 'password',
    ...rest,
  });
  return { kind: 'login', event };
}

export function change(fields: Partial<AccountChangeEvent> & { at?: number } = {}): ScoredEvent {
  const { at = T0, ...rest } = fields;
  const event = accountChangeEvent.parse({
    schemaVersion: 1,
    eventId: nextId('chg'),
    occurredAt: iso(at),
    accountId: 'acct-1',
    change: 'password_reset',
    ...rest,
  });
  return { kind: 'account_change', event };
}

export const CUTOFFS = { challenge: 40, review: 70, block: 90 };

export function ruleSetOf(rules: unknown[], extra: Record<string, unknown> = {}): RuleSet {
  return compileRuleSet({ version: 'test-1', timezone: 'UTC', cutoffs: CUTOFFS, rules, ...extra });
}

/** A rule set of one enforced rule (id = the type unless given, score 40 unless given). */
export function oneRuleSet(
  type: string,
  params: Record<string, unknown>,
  options: { id?: string; score?: number } = {},
): RuleSet {
  return ruleSetOf([
    { id: options.id ?? type, type, mode: 'enforce', score: options.score ?? 40, params },
  ]);
}

/** Scores events one by one through the reference store, as the engine would; returns every evaluation. */
export async function runEvents(
  ruleSet: RuleSet,
  events: ScoredEvent[],
  store: FeatureStore = new InMemoryFeatureStore(),
): Promise<Evaluation[]> {
  const out: Evaluation[] = [];
  for (const scored of events) {
    const requests = requiredFeatures(ruleSet, scored);
    const [result] = await store.computeBatch([
      {
        eventId: scored.event.eventId,
        accountId: scored.event.accountId,
        at: eventTime(scored),
        requests,
      },
    ]);
    if (!result) throw new Error('store returned no result');
    out.push(evaluate(scored, result.values, ruleSet, eventTime(scored)));
  }
  return out;
}

/** The evaluation of the last event after scoring all of them. */
export async function lastOf(
  ruleSet: RuleSet,
  events: ScoredEvent[],
  store?: FeatureStore,
): Promise<Evaluation> {
  const all = await runEvents(ruleSet, events, store);
  const last = all.at(-1);
  if (!last) throw new Error('no events');
  return last;
}

export function ruleIds(evaluation: Evaluation): string[] {
  return evaluation.reasons.map((reason) => reason.rule);
}

export function times<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index));
}
