import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginEvent, type DecisionOutcome, type ScoredEvent } from '@vigil/events';
import {
  InMemoryEventMemory,
  MAX_OTHERS_LATER,
  compileRuleSet,
  decideBatch,
  moreSevere,
  type EventMemory,
  type EntityUse,
  type MemoryItem,
} from '@vigil/rules';
import { uniqueName } from '@vigil/testing';
import { STORE_TARGETS, storesOn, type OpenedStores } from '../test-support/redis-store-targets.ts';

// Uses of an entity recorded after other accounts' later uses of it (a unit or replica behind
// another, or the event late): the record returns those accounts' events, as the in-memory
// reference does, on a single node and on a Redis Cluster; and through the engine's decision path
// on the real stores, two units read with one far ahead give the outcomes of event order.

const T0 = Date.parse('2026-11-24T00:00:00.000Z');
const SEC = 1_000;
const MIN = 60 * SEC;
const IP = '198.51.100.77';
const DEVICE = 'dev-others-1';

function use(
  accountId: string,
  eventId: string,
  at: number,
  options: { writes?: boolean; kind?: EntityUse['kind']; device?: boolean } = {},
): MemoryItem {
  const { writes = true, kind = 'login_failure', device = false } = options;
  const on = (entity: 'ip' | 'device', value: string): EntityUse =>
    writes ? { entity, value, kind, writesShared: true } : { entity, value, kind };
  return {
    accountId,
    eventId,
    at,
    payload: `{"e":"${eventId}"}`,
    uses: device ? [on('ip', IP), on('device', DEVICE)] : [on('ip', IP)],
    useRetentionMs: 24 * 60 * MIN,
  };
}

/** The scenario's answers from one memory, in order. */
async function scenario(memory: EventMemory): Promise<unknown[]> {
  const out: unknown[] = [];
  const later = (results: Awaited<ReturnType<EventMemory['record']>>) =>
    results.map((r) => r.othersLater);
  out.push(
    later(
      await memory.record([
        use('a', 'a1', T0 + 10 * SEC, { kind: 'login_success', writes: false }),
        use('b', 'b1', T0 + 20 * SEC, { device: true }),
        use('c', 'c1', T0 + 30 * SEC, { device: true }),
      ]),
    ),
  );
  await memory.settle({
    outcomes: [{ accountId: 'b', eventId: 'b1', outcome: 'challenge' }],
    sweeps: [],
    raises: [{ accountId: 'c', eventId: 'c1', outcome: 'review', by: 'dec-fu-c1' }],
  });
  // d writes the IP's state before all of them; its device use too (c1 once, not twice).
  out.push(later(await memory.record([use('d', 'd1', T0 + 5 * SEC, { device: true })])));
  // Behind, but writing nothing others read: nothing to revisit.
  out.push(later(await memory.record([use('e', 'e1', T0 + 1 * SEC, { writes: false })])));
  // b's own later use is its account's business (RecordResult.later), not others'.
  out.push(later(await memory.record([use('b', 'b0', T0 + 15 * SEC)])));
  // At the same time as the newest: not later.
  out.push(later(await memory.record([use('f', 'f1', T0 + 30 * SEC)])));
  // Many later accounts: the oldest MAX_OTHERS_LATER.
  await memory.record(
    Array.from({ length: MAX_OTHERS_LATER + 6 }, (_, i) =>
      use(`m${i}`, `m${i}-1`, T0 + 10 * MIN + i * SEC),
    ),
  );
  out.push(later(await memory.record([use('g', 'g1', T0 + 9 * MIN)])));
  return out;
}

describe.each(STORE_TARGETS)('other accounts’ later uses on $name', (target) => {
  let opened: OpenedStores;
  beforeAll(async () => {
    opened = await target.open({ horizonMs: 2 * 3_600_000 });
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('a use that writes the entity’s state, recorded after others’ later uses, gets their events back as the reference does', async () => {
    const expected = await scenario(new InMemoryEventMemory());
    expect(await scenario(opened.memory)).toEqual(expected);

    const [first, d, e, b, f, many] = expected as { eventId: string; outcome: string }[][][];
    expect(first).toEqual([[], [], []]);
    expect(d![0]).toEqual([
      { eventId: 'a1', at: T0 + 10 * SEC, payload: '{"e":"a1"}', outcome: 'allow' },
      { eventId: 'b1', at: T0 + 20 * SEC, payload: '{"e":"b1"}', outcome: 'challenge' },
      {
        eventId: 'c1',
        at: T0 + 30 * SEC,
        payload: '{"e":"c1"}',
        outcome: 'allow',
        raised: { outcome: 'review', by: 'dec-fu-c1' },
      },
    ]);
    expect(e).toEqual([[]]);
    expect(b![0]!.map((r) => r.eventId)).toEqual(['c1']);
    expect(f).toEqual([[]]);
    const ids = many![0]!.map((r) => r.eventId);
    expect(ids).toHaveLength(MAX_OTHERS_LATER);
    expect(ids[0]).toBe('m0-1');
    expect(ids.at(-1)).toBe(`m${MAX_OTHERS_LATER - 1}-1`);
  });

  it('an event its account no longer remembers (behind its horizon) is not returned', async () => {
    const short = storesOn(
      opened.client,
      `${opened.keyPrefix}${uniqueName('short')}:`,
      10 * MIN,
    ).memory;
    for (const memory of [short, new InMemoryEventMemory()]) {
      await memory.record([use('h', 'h1', T0 + 2 * MIN), use('h', 'h2', T0 + 60 * MIN)]);
      const [result] = await memory.record([use('i', 'i1', T0 + MIN)]);
      const ids = result!.othersLater.map((r) => r.eventId);
      // The in-memory reference keeps everything; Redis forgot h1 behind h's newest event.
      expect(ids).toEqual(memory === short ? ['h2'] : ['h1', 'h2']);
    }
  });

  it('two units, one read whole before the other: the outcomes of event order on the real stores', async () => {
    const events = stuffing();
    const units = [0, 1].map((u) => events.filter((e) => unitOf(e) === u));
    const fresh = (name: string) =>
      storesOn(opened.client, `${opened.keyPrefix}${uniqueName(name)}:`, 2 * 3_600_000);
    const inOrder = await outcomes(fresh('in-order'), chunks(events, 4));
    expect([...inOrder.values()].filter((o) => o === 'review').length).toBeGreaterThan(10);
    for (const first of [0, 1]) {
      const skewed = await outcomes(fresh(`unit-${first}-first`), [
        ...chunks(units[first]!, 4),
        ...chunks(units[1 - first]!, 4),
      ]);
      expect(Object.fromEntries(skewed), `unit ${first} first`).toEqual(
        Object.fromEntries(inOrder),
      );
    }
  });
});

const RULES = compileRuleSet({
  version: 'others-1',
  timezone: 'UTC',
  cutoffs: { challenge: 40, review: 70, block: 90 },
  rules: [
    {
      id: 'credential-stuffing-ip',
      type: 'login-spread',
      mode: 'enforce',
      score: 75,
      params: { window: '15m', minAccounts: 10, minAttempts: 10, maxPerAccount: 2 },
    },
  ],
  retroHunt: { triggers: [{ rule: 'credential-stuffing-ip', entity: 'ip', lookback: '15m' }] },
});

const account = (i: number) => `acct-${String(i).padStart(2, '0')}`;
const unitOf = (scored: ScoredEvent) => Number(scored.event.accountId.slice(5)) % 2;

function signIn(i: number, at: number, outcome: 'success' | 'failure', ip = IP): ScoredEvent {
  const event = loginEvent.parse({
    schemaVersion: 1,
    eventId: `${uniqueName('login')}-${i}`,
    occurredAt: new Date(at).toISOString(),
    accountId: account(i),
    outcome,
    ...(outcome === 'failure' ? { failureReason: 'bad_password' } : {}),
    method: 'password',
    ip,
  });
  return { kind: 'login', event };
}

/** One failure per account every 20 s, victims signed in before and after, and home sign-ins. */
function stuffing(): ScoredEvent[] {
  const events = [
    ...Array.from({ length: 24 }, (_, i) => signIn(i, T0 + i * 20 * SEC, 'failure')),
    signIn(24, T0 - 10 * MIN, 'success'),
    signIn(25, T0 + 30 * SEC, 'success'),
    signIn(26, T0 + 7 * MIN, 'success'),
    ...[0, 3, 13].map((i) => signIn(i, T0 + (i * 20 + 5) * SEC, 'success', `203.0.113.${i}`)),
  ];
  return events.sort((a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Each event's outcome with the follow-ups about it, its batches decided in turn. */
async function outcomes(
  stores: ReturnType<typeof storesOn>,
  batches: readonly ScoredEvent[][],
): Promise<Map<string, DecisionOutcome>> {
  const deps = { ruleSet: RULES, store: stores.store, memory: stores.memory, now: T0 + 60 * MIN };
  const seen = new Map<string, DecisionOutcome>();
  const note = (eventId: string, outcome: DecisionOutcome) =>
    seen.set(eventId, moreSevere(seen.get(eventId) ?? 'allow', outcome));
  let offset = 0;
  for (const batch of batches) {
    const decided = await decideBatch(
      deps,
      batch.map((scored) => ({ scored, origin: `logins/${unitOf(scored)}/${offset++}` })),
    );
    for (const { decision } of decided.decided) note(decision.eventId, decision.outcome);
    for (const { decision } of decided.followUps)
      note(decision.followUp!.eventId, decision.outcome);
  }
  return seen;
}
