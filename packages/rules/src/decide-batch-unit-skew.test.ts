import type { DecisionOutcome, ScoredEvent } from '@vigil/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moreSevere } from './combine-score.ts';
import { decideBatch, type DecidedBatch } from './decide-batch.ts';
import { InMemoryEventMemory } from './follow-ups/in-memory-event-memory.ts';
import { InMemoryFeatureStore } from './in-memory-feature-store.ts';
import { T0, login, ruleSetOf } from './test-helpers.ts';

// Two units (or two replicas) each read their accounts in event-time order, but one runs ahead
// of the other: a credential-stuffing IP's failures fall on both. Whatever the skew, every event
// ends at the outcome it has when the stream is decided in event order — its own decision or a
// follow-up about it: the other unit's later events are decided again when an earlier failure
// lands, and the threshold's crossing sweeps from where it crosses in event order.

const SEC = 1_000;
const IP = '198.51.100.66';

const RULES = ruleSetOf(
  [
    {
      id: 'credential-stuffing-ip',
      type: 'login-spread',
      mode: 'enforce',
      score: 75,
      params: { window: '15m', minAccounts: 10, minAttempts: 10, maxPerAccount: 2 },
    },
  ],
  { retroHunt: { triggers: [{ rule: 'credential-stuffing-ip', entity: 'ip', lookback: '15m' }] } },
);

const account = (i: number) => `acct-${String(i).padStart(2, '0')}`;
const unitOf = (scored: ScoredEvent) => Number(scored.event.accountId.slice(5)) % 2;

/** One failed sign-in per account from the IP every 20 s, and the IP's victims who got in. */
function traffic(): ScoredEvent[] {
  const failures = Array.from({ length: 24 }, (_, i) =>
    login({
      accountId: account(i),
      ip: IP,
      outcome: 'failure',
      failureReason: 'bad_password',
      at: T0 + i * 20 * SEC,
    }),
  );
  const signedIn = [
    // Long before the crossing: within its lookback (swept) and before it (not).
    login({ accountId: account(28), ip: IP, at: T0 - 10 * 60 * SEC }),
    login({ accountId: account(29), ip: IP, at: T0 - 13 * 60 * SEC }),
    // Before the crossing (swept: review) and after it (the rule fires on the sign-in itself).
    login({ accountId: account(24), ip: IP, at: T0 + 30 * SEC }),
    login({ accountId: account(25), ip: IP, at: T0 + 50 * SEC }),
    login({ accountId: account(26), ip: IP, at: T0 + 7 * 60 * SEC }),
    login({ accountId: account(27), ip: IP, at: T0 + 9 * 60 * SEC }),
  ];
  // Unrelated sign-ins of the same accounts from home.
  const home = [0, 3, 8, 13, 21].map((i) =>
    login({ accountId: account(i), ip: `203.0.113.${i}`, at: T0 + (i * 20 + 5) * SEC }),
  );
  return [...failures, ...signedIn, ...home].sort(
    (a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt),
  );
}

/** Decides the batches in turn; returns each event's outcome with the follow-ups about it. */
async function run(batches: readonly ScoredEvent[][]): Promise<Map<string, DecisionOutcome>> {
  const deps = {
    ruleSet: RULES,
    store: new InMemoryFeatureStore(),
    memory: new InMemoryEventMemory(),
    now: T0 + 3_600_000,
  };
  const outcomes = new Map<string, DecisionOutcome>();
  const note = (eventId: string, outcome: DecisionOutcome) =>
    outcomes.set(eventId, moreSevere(outcomes.get(eventId) ?? 'allow', outcome));
  const record = (batch: DecidedBatch) => {
    for (const { decision } of batch.decided) note(decision.eventId, decision.outcome);
    for (const { decision } of batch.followUps) note(decision.followUp!.eventId, decision.outcome);
  };
  let offset = 0;
  for (const batch of batches)
    record(
      await decideBatch(
        deps,
        batch.map((scored) => ({ scored, origin: `logins/${unitOf(scored)}/${offset++}` })),
      ),
    );
  return outcomes;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The two units' streams read in turns: `turns[i]` events from unit `i % 2`'s, until both end. */
function interleave(units: readonly ScoredEvent[][], turns: readonly number[]): ScoredEvent[][] {
  const next = [0, 0];
  const batches: ScoredEvent[][] = [];
  for (let i = 0; next[0]! < units[0]!.length || next[1]! < units[1]!.length; i += 1) {
    const unit = i % 2;
    const size = turns[i % turns.length]!;
    const batch = units[unit]!.slice(next[unit], next[unit]! + size);
    next[unit]! += batch.length;
    if (batch.length > 0) batches.push(batch);
  }
  return batches;
}

describe('two units, one ahead of the other', () => {
  const events = traffic();
  const units = [0, 1].map((u) => events.filter((e) => unitOf(e) === u));
  const id = (i: number) =>
    events.find((e) => e.event.accountId === account(i) && e.event.ip === IP)!.event.eventId;

  it('in event order: the crossing and every sign-in after it review, the accounts before it swept', async () => {
    const inOrder = await run(chunks(events, 4));
    // The 10th account's failure crosses the threshold.
    expect(inOrder.get(id(9))).toBe('review');
    for (const i of [10, 15, 23, 26, 27]) expect(inOrder.get(id(i)), account(i)).toBe('review');
    // Swept: used the IP within the lookback before the crossing.
    for (const i of [0, 4, 8]) expect(inOrder.get(id(i)), account(i)).toBe('challenge');
    for (const i of [24, 25, 28]) expect(inOrder.get(id(i)), account(i)).toBe('review');
    expect(inOrder.get(id(29))).toBe('allow');
  });

  it('one unit read whole before the other, either way round: the outcomes of event order', async () => {
    const inOrder = await run(chunks(events, 4));
    for (const first of [0, 1]) {
      const skewed = await run([...chunks(units[first]!, 4), ...chunks(units[1 - first]!, 4)]);
      expect(Object.fromEntries(skewed), `unit ${first} first`).toEqual(
        Object.fromEntries(inOrder),
      );
    }
  });

  it('any interleaving of the two units, in any batch sizes: the outcomes of event order (property)', async () => {
    const inOrder = Object.fromEntries(await run(chunks(events, 4)));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
        async (turns) => {
          const skewed = await run(interleave(units, turns));
          expect(Object.fromEntries(skewed)).toEqual(inOrder);
        },
      ),
      { numRuns: 40 },
    );
  });
});
