import { riskDecision, type ScoredEvent } from '@vigil/events';
import { describe, expect, it, vi } from 'vitest';
import {
  decideBatch,
  decideBatchWriting,
  type BatchEvent,
  type DecidedBatch,
} from './decide-batch.ts';
import { USES_PER_ACCOUNT } from './follow-ups/event-memory.ts';
import { InMemoryEventMemory } from './follow-ups/in-memory-event-memory.ts';
import { InMemoryFeatureStore } from './in-memory-feature-store.ts';
import { T0, change, login, ruleSetOf, tx } from './test-helpers.ts';

const MIN = 60_000;

// ato-cash-out (a withdrawal soon after a phone change blocks) and a one-IP stuffing rule small
// enough for a test, with retro-hunt on the IP it finds.
const RULES = ruleSetOf(
  [
    {
      id: 'ato-cash-out',
      type: 'ato-cash-out',
      mode: 'enforce',
      score: 90,
      params: {
        within: '24h',
        minAmount: { USD: 50_000 },
        newBeneficiary: false,
        outcome: 'block',
      },
    },
    {
      id: 'stuffing-24h',
      type: 'login-spread',
      mode: 'enforce',
      score: 75,
      params: { window: '24h', minAccounts: 4, minAttempts: 4, maxPerAccount: 2 },
    },
  ],
  { retroHunt: { triggers: [{ rule: 'stuffing-24h', entity: 'ip', lookback: '24h' }] } },
);

/**
 * The in-memory store, except that a call's answer comes back later the earlier the call was
 * made: chunks of a batch settle in reverse order, as they may from a store that answers out of
 * order (the state is still applied in call order, as the port promises).
 */
class ReverseSettlingStore extends InMemoryFeatureStore {
  private pending = 0;
  override computeBatch(batch: Parameters<InMemoryFeatureStore['computeBatch']>[0]) {
    const answer = super.computeBatch(batch);
    const delay = 20 - Math.min(19, (this.pending += 1));
    return new Promise<Awaited<typeof answer>>((resolve) =>
      setTimeout(() => resolve(answer), delay),
    );
  }
}

function engine(storeChunk?: number, store = new InMemoryFeatureStore(), ruleSet = RULES) {
  const deps = {
    ruleSet,
    store,
    memory: new InMemoryEventMemory(),
    now: T0,
    ...(storeChunk === undefined ? {} : { storeChunk }),
  };
  let offset = 0;
  const deliveries = new Map<ScoredEvent, string>();
  return {
    /** Decides a batch; a batch given again is a retry of the same deliveries. */
    decide: (events: ScoredEvent[]) => {
      const batch: BatchEvent[] = events.map((scored) => {
        let origin = deliveries.get(scored);
        if (!origin) {
          origin = `topic/0/${offset++}`;
          deliveries.set(scored, origin);
        }
        return { scored, origin };
      });
      return decideBatch(deps, batch);
    },
  };
}

/** A failed sign-in (bad password) from `ip`, `minute` minutes after T0. */
const failedLoginFrom = (ip: string) => (accountId: string, minute: number) =>
  login({
    accountId,
    ip,
    outcome: 'failure',
    failureReason: 'bad_password',
    at: T0 + minute * MIN,
  });

const withdrawal = (at: number) =>
  tx({ type: 'withdrawal', amount: { minor: 90_000, currency: 'USD' }, at });
const phoneChange = (at: number) => change({ change: 'phone_changed', at });

describe('decideBatch', () => {
  it('in event order, a withdrawal minutes after a phone change is blocked, with no follow-up', async () => {
    const { decide } = engine();
    const result = await decide([phoneChange(T0), withdrawal(T0 + 5 * MIN)]);
    expect(result.decided.map((d) => d.decision.outcome)).toEqual(['allow', 'block']);
    expect(result.followUps).toEqual([]);
    expect(result.late).toBe(0);
  });

  it('a phone change arriving after the withdrawal was decided raises a follow-up that blocks it, once, and again on a retry', async () => {
    const { decide } = engine();
    const cashOut = withdrawal(T0 + 5 * MIN);
    const first = await decide([cashOut]);
    expect(first.decided[0]!.decision.outcome).toBe('allow');

    const late = phoneChange(T0);
    const second = await decide([late]);
    expect(second.late).toBe(1);
    expect(second.decided[0]!.decision.outcome).toBe('allow');
    expect(second.followUps).toHaveLength(1);
    const [followUp] = second.followUps;
    expect(followUp!.index).toBe(0);
    expect(followUp!.decision).toMatchObject({
      outcome: 'block',
      accountId: 'acct-1',
      eventType: 'transaction',
      followUp: {
        kind: 'late_event',
        eventId: cashOut.event.eventId,
        decisionId: `dec-${cashOut.event.eventId}`,
        triggerEventId: late.event.eventId,
      },
    });
    expect(followUp!.decision.reasons.map((r) => r.rule)).toEqual(['ato-cash-out']);
    expect(followUp!.revisited?.event.eventId).toBe(cashOut.event.eventId);

    // The transaction failed: the same batch again raises the same follow-up (same ids).
    const retried = await decide([late]);
    expect(retried.followUps.map((f) => f.decision.decisionId)).toEqual([
      followUp!.decision.decisionId,
    ]);

    // Another late change: the withdrawal already stands at block; nothing more to say.
    const again = await decide([phoneChange(T0 + MIN)]);
    expect(again.followUps).toEqual([]);
  });

  it('a late event is decided as of its own time: the later events it missed are not in its windows', async () => {
    const { decide } = engine();
    await decide([withdrawal(T0 + 10 * MIN)]);
    const result = await decide([phoneChange(T0), withdrawal(T0 + 5 * MIN)]);
    // The 5-minute withdrawal sees the change (same batch, in order); the 10-minute one gets a follow-up.
    expect(result.decided.map((d) => d.decision.outcome)).toEqual(['allow', 'block']);
    expect(result.followUps.map((f) => f.decision.followUp?.eventId)).toHaveLength(1);
  });

  it('retro-hunt: when an IP crosses the stuffing threshold, the accounts it touched before get one follow-up each', async () => {
    const { decide } = engine();
    const ip = '198.51.100.9';
    const attempt = (account: string, minute: number, outcome: 'success' | 'failure' = 'failure') =>
      login({
        accountId: account,
        ip,
        outcome,
        ...(outcome === 'failure' ? { failureReason: 'bad_password' as const } : {}),
        geo: { country: 'NG', city: 'Lagos' },
        at: T0 + minute * MIN,
      });
    const early = [
      attempt('v1', 0),
      attempt('v2', 30),
      attempt('v3', 60, 'success'),
      attempt('v3', 61),
    ];
    for (const event of early) expect((await decide([event])).followUps).toEqual([]);
    const crossing = attempt('v4', 90);
    const result = await decide([crossing]);
    expect(result.decided[0]!.evaluation.reasons.map((r) => r.rule)).toEqual(['stuffing-24h']);
    const byAccount = new Map(result.followUps.map((f) => [f.decision.accountId, f.decision]));
    expect([...byAccount.keys()].sort()).toEqual(['v1', 'v2', 'v3']);
    expect(byAccount.get('v1')).toMatchObject({
      outcome: 'challenge',
      followUp: {
        kind: 'retro_hunt',
        eventId: early[0]!.event.eventId,
        entity: { type: 'ip', value: ip },
      },
    });
    // What the customer is asked about: that sign-in, where it came from.
    expect(byAccount.get('v1')?.context).toEqual({ geo: { country: 'NG', city: 'Lagos' } });
    // v3 signed in from it: possibly taken over, so an agent looks.
    expect(byAccount.get('v3')?.outcome).toBe('review');
    // A retry of the crossing batch hands the same accounts back; the next attempt finds no one new.
    expect((await decide([crossing])).followUps.map((f) => f.decision.accountId).sort()).toEqual([
      'v1',
      'v2',
      'v3',
    ]);
    expect((await decide([attempt('v5', 95)])).followUps).toEqual([]);
  });

  it('retro-hunt on a beneficiary: once a fourth account pays it within the hour, the three that paid it before get a follow-up', async () => {
    // Mule fan-in: a ring of accounts funnels into one collector. The fourth payer crosses the
    // threshold; the first three were decided before anyone could know.
    const rules = ruleSetOf(
      [
        {
          id: 'accounts-per-beneficiary-1h',
          type: 'distinct',
          mode: 'enforce',
          score: 60,
          params: {
            dimension: 'beneficiary',
            of: 'account',
            window: '1h',
            filter: { kinds: ['transaction'], txTypes: ['transfer'] },
            tiers: [{ atLeast: 4 }],
          },
        },
      ],
      {
        retroHunt: {
          triggers: [
            { rule: 'accounts-per-beneficiary-1h', entity: 'beneficiary', lookback: '1h' },
          ],
        },
      },
    );
    const { decide } = engine(undefined, undefined, rules);
    const pay = (account: string, minute: number, collector = 'ben-collector') =>
      tx({
        accountId: account,
        type: 'transfer',
        channel: 'p2p',
        beneficiary: { id: collector },
        amount: { minor: 48_000 + minute, currency: 'EUR' },
        at: T0 + minute * MIN,
      });

    const early = [pay('m1', 0), pay('m2', 10), pay('other', 12, 'ben-landlord'), pay('m3', 20)];
    for (const event of early) expect((await decide([event])).followUps).toEqual([]);
    const crossing = await decide([pay('m4', 30)]);
    expect(crossing.decided[0]!.evaluation.reasons.map((r) => r.rule)).toEqual([
      'accounts-per-beneficiary-1h',
    ]);
    const byAccount = new Map(crossing.followUps.map((f) => [f.decision.accountId, f.decision]));
    // Not the crossing payer (its own decision carries the hit), not the payer of another beneficiary.
    expect([...byAccount.keys()].sort()).toEqual(['m1', 'm2', 'm3']);
    expect(byAccount.get('m1')).toMatchObject({
      outcome: 'challenge',
      eventType: 'transaction',
      followUp: {
        kind: 'retro_hunt',
        eventId: early[0]!.event.eventId,
        triggerRule: 'accounts-per-beneficiary-1h',
        entity: { type: 'beneficiary', value: 'ben-collector' },
      },
    });
    expect(byAccount.get('m1')!.reasons[0]!.message).toMatch(
      /^this account paid beneficiary ben-collector at /,
    );
    // The payment the customer is asked about, with its amount (a "was this you?" must say which).
    expect(byAccount.get('m2')?.context).toEqual({ amount: { minor: 48_010, currency: 'EUR' } });
    // Each follow-up is valid on the wire (the decisions topic's contract).
    for (const decision of byAccount.values())
      expect(riskDecision.safeParse(decision).success).toBe(true);
    // The fifth payer fires the rule itself; the ring's first three are not asked twice.
    const fifth = await decide([pay('m5', 40)]);
    expect(fifth.decided[0]!.evaluation.reasons.map((r) => r.rule)).toEqual([
      'accounts-per-beneficiary-1h',
    ]);
    expect(fifth.followUps).toEqual([]);
  });

  it('decides the same and raises the same follow-ups however the stream is cut into batches', async () => {
    const ip = '198.51.100.10';
    const stream = [
      login({ accountId: 'w1', ip, outcome: 'failure', failureReason: 'bad_password', at: T0 }),
      login({
        accountId: 'w2',
        ip,
        outcome: 'failure',
        failureReason: 'bad_password',
        at: T0 + MIN,
      }),
      login({
        accountId: 'w3',
        ip,
        outcome: 'failure',
        failureReason: 'bad_password',
        at: T0 + 2 * MIN,
      }),
      login({
        accountId: 'w4',
        ip,
        outcome: 'failure',
        failureReason: 'bad_password',
        at: T0 + 3 * MIN,
      }),
      // w1 tries again after the IP was found bad: its earlier use still gets its follow-up.
      login({
        accountId: 'w1',
        ip,
        outcome: 'failure',
        failureReason: 'bad_password',
        at: T0 + 4 * MIN,
      }),
      withdrawal(T0 + 5 * MIN),
    ];
    const summary = (batches: Awaited<ReturnType<typeof decideBatch>>[]) =>
      batches.flatMap((b) => [
        ...b.decided.map((d) => `${d.decision.eventId}:${d.decision.outcome}`),
        ...b.followUps.map((f) => `${f.decision.decisionId}:${f.decision.outcome}`),
      ]);
    const oneByOne = engine();
    const single = [];
    for (const event of stream) single.push(await oneByOne.decide([event]));
    const whole = await engine().decide(stream);
    const sorted = (items: string[]) => [...items].sort();
    expect(sorted(summary([whole]))).toEqual(sorted(summary(single)));
    expect(whole.followUps.map((f) => f.decision.accountId).sort()).toEqual(['w1', 'w2', 'w3']);

    // Sent to the store in chunks (of 1, 2 or 4 events), answered in any order: the same.
    for (const chunk of [1, 2, 4]) {
      const chunked = await engine(chunk, new ReverseSettlingStore()).decide(stream);
      expect(summary([chunked])).toEqual(summary([whole]));
      expect(chunked.decided.map((d) => d.index)).toEqual(whole.decided.map((d) => d.index));
    }
  });

  it('a sweep finds an earlier use however many later uses of the account the same batch recorded first', async () => {
    const ip = '198.51.100.20';
    const failure = (accountId: string, at: number) =>
      login({ accountId, ip, outcome: 'failure', failureReason: 'bad_password', at });
    const stream = [
      failure('x1', T0),
      failure('x2', T0 + MIN),
      failure('x3', T0 + 2 * MIN),
      // x4 makes the IP bad: x1..x3 get follow-ups.
      failure('x4', T0 + 3 * MIN),
      // x2 keeps failing from it: more later uses of that kind than an account keeps.
      ...Array.from({ length: USES_PER_ACCOUNT + 2 }, (_, i) => failure('x2', T0 + (4 + i) * MIN)),
    ];
    const accounts = (batches: Awaited<ReturnType<typeof decideBatch>>[]) =>
      batches.flatMap((b) => b.followUps.map((f) => f.decision.accountId)).sort();
    const oneByOne = engine();
    const single = [];
    for (const event of stream) single.push(await oneByOne.decide([event]));
    expect(accounts(single)).toEqual(['x1', 'x2', 'x3']);
    expect(accounts([await engine().decide(stream)])).toEqual(['x1', 'x2', 'x3']);
  });

  it('retro-hunt does not depend on which unit records first: a use recorded after the sweep that passed it gets the follow-up it gets in order, once', async () => {
    const ip = '198.51.100.30';
    const failure = failedLoginFrom(ip);
    // Partition 0 holds the attack up to its crossing; partition 1 an account that signed in from
    // the IP before the crossing, and once after its last sweep.
    const stuffing = [failure('s1', 0), failure('s2', 10), failure('s3', 20), failure('s4', 90)];
    const victim = login({ accountId: 'x', ip, outcome: 'success', at: T0 + 45 * MIN });
    const after = login({ accountId: 'y', ip, outcome: 'success', at: T0 + 91 * MIN });
    const units = () => {
      const deps = {
        ruleSet: RULES,
        store: new InMemoryFeatureStore(),
        memory: new InMemoryEventMemory(),
        now: T0,
      };
      const decide = (partition: number, events: ScoredEvent[], firstOffset: number) =>
        decideBatch(
          deps,
          events.map((scored, i) => ({ scored, origin: `topic/${partition}/${firstOffset + i}` })),
        );
      return decide;
    };
    const followUps = (batches: DecidedBatch[]) =>
      batches
        .flatMap((b) =>
          b.followUps.map(
            (f) => `${f.decision.decisionId} ${f.decision.accountId} ${f.decision.outcome}`,
          ),
        )
        .sort();

    // In order: the victim's partition is read first.
    const inOrder = units();
    const expected = followUps([
      await inOrder(1, [victim], 0),
      await inOrder(0, stuffing, 0),
      await inOrder(1, [after], 1),
    ]);
    expect(expected.filter((f) => f.includes(' x review'))).toHaveLength(1);

    // The victim's partition behind: the crossing's sweep ran before its sign-in was recorded.
    const behind = units();
    const crossing = await behind(0, stuffing, 0);
    expect(crossing.followUps.map((f) => f.decision.accountId).sort()).toEqual(['s1', 's2', 's3']);
    const late = await behind(1, [victim, after], 0);
    expect(followUps([crossing, late])).toEqual(expected);
    const [belated] = late.followUps;
    expect(belated).toMatchObject({
      index: 0,
      decision: { accountId: 'x', followUp: { eventId: victim.event.eventId } },
    });
    // It cites the crossing's finding.
    expect(belated!.decision.reasons[0]!.message).toContain(
      crossing.decided[3]!.evaluation.reasons[0]!.message.slice(0, 40),
    );
    // A retry of the batch gets the same follow-up again; another delivery of the same event none.
    expect(followUps([await behind(1, [victim, after], 0)])).toEqual(followUps([late]));
    expect((await behind(1, [victim], 7)).followUps).toEqual([]);
  });

  it('a failed batch fails only once every call it made has settled, so its retry cannot overtake them', async () => {
    // The first chunk's call fails at once; the others answer 30 ms later.
    class FirstCallFails extends InMemoryFeatureStore {
      calls = 0;
      settled = 0;
      override async computeBatch(batch: Parameters<InMemoryFeatureStore['computeBatch']>[0]) {
        if ((this.calls += 1) === 1) throw new Error('connection is closed');
        const answer = await super.computeBatch(batch);
        await new Promise((resolve) => setTimeout(resolve, 30));
        this.settled += 1;
        return answer;
      }
    }
    const store = new FirstCallFails();
    const batch = [phoneChange(T0 - MIN), withdrawal(T0), withdrawal(T0 + 1)];
    await expect(engine(1, store).decide(batch)).rejects.toThrow('connection is closed');
    expect(store.calls).toBe(3);
    expect(store.settled).toBe(2);
  });

  it('hands the thread back between chunks: I/O that waited since the batch began runs before its next chunk is planned', async () => {
    const order: string[] = [];
    class Logged extends InMemoryFeatureStore {
      override computeBatch(batch: Parameters<InMemoryFeatureStore['computeBatch']>[0]) {
        order.push(`chunk ${batch.map((item) => item.at - T0).join(',')}`);
        return super.computeBatch(batch);
      }
    }
    // Stands for the replies of the previous batch's transaction, arrived meanwhile.
    setImmediate(() => order.push('io'));
    const batch = [withdrawal(T0), withdrawal(T0 + 1), withdrawal(T0 + 2)];
    const decided = await engine(2, new Logged()).decide(batch);
    expect(order).toEqual(['chunk 0,1', 'io', 'chunk 2']);
    expect(decided.decided).toHaveLength(3);
  });

  it("a chunk's memory call that fails at once fails the batch only after the later chunks' calls, never as an unhandled rejection", async () => {
    class FirstRecordFails extends InMemoryEventMemory {
      records = 0;
      override record(items: Parameters<InMemoryEventMemory['record']>[0]) {
        if ((this.records += 1) === 1) return Promise.reject(new Error('memory refused'));
        return super.record(items);
      }
    }
    const memory = new FirstRecordFails();
    const store = new InMemoryFeatureStore();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const events = [withdrawal(T0), withdrawal(T0 + 1), withdrawal(T0 + 2)].map((scored, i) => ({
        scored,
        origin: `topic/0/${i}`,
      }));
      await expect(
        decideBatch({ ruleSet: RULES, store, memory, now: T0, storeChunk: 1 }, events),
      ).rejects.toThrow('memory refused');
      expect(memory.records).toBe(3);
      // Let a rejection nobody handled surface before looking.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('a batch sent in chunks keeps event order in the store: the later event counts the earlier', async () => {
    const withdrawals = [withdrawal(T0), withdrawal(T0 + 1), withdrawal(T0 + 2)];
    const store = new ReverseSettlingStore();
    const chunked = await engine(1, store).decide([phoneChange(T0 - MIN), ...withdrawals]);
    // Every withdrawal after the phone change is blocked, each decided from its own chunk.
    expect(chunked.decided.map((d) => d.decision.outcome)).toEqual([
      'allow',
      'block',
      'block',
      'block',
    ]);
  });
});

describe('decideBatchWriting', () => {
  /** The in-memory event memory, except that each settle call waits until it is let through. */
  class GatedMemory extends InMemoryEventMemory {
    readonly settles: { resolve(): void; reject(error: Error): void }[] = [];
    override settle(settlement: Parameters<InMemoryEventMemory['settle']>[0]) {
      const answer = super.settle(settlement);
      return new Promise<Awaited<typeof answer>>((resolve, reject) => {
        this.settles.push({ resolve: () => resolve(answer), reject });
      });
    }
  }
  const depsWith = (memory: InMemoryEventMemory) => ({
    ruleSet: RULES,
    store: new InMemoryFeatureStore(),
    memory,
    now: T0,
  });
  const batchOf = (events: ScoredEvent[]) =>
    events.map((scored, i) => ({ scored, origin: `topic/0/${i}` }));
  const decideWith = (memory: InMemoryEventMemory, events: ScoredEvent[]) =>
    decideBatchWriting(depsWith(memory), batchOf(events));
  const settledYet = async (promise: Promise<void>) => {
    let settled = false;
    void promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    return settled;
  };
  /** `written` is still pending while `gate`'s write is, and resolves once it went through. */
  const expectWrittenWith = async (gate: { resolve(): void }, written: Promise<void>) => {
    expect(await settledYet(written)).toBe(false);
    gate.resolve();
    await expect(written).resolves.toBeUndefined();
  };

  it("hands over a flagged batch's decisions while its outcome write is in flight; written follows that write", async () => {
    const memory = new GatedMemory();
    const { batch, written } = await decideWith(memory, [phoneChange(T0 - MIN), withdrawal(T0)]);
    expect(batch.decided.map((d) => d.decision.outcome)).toEqual(['allow', 'block']);
    expect(memory.settles).toHaveLength(1);
    await expectWrittenWith(memory.settles[0]!, written);
  });

  it('a failed outcome write rejects written (handled until awaited) and fails decideBatch', async () => {
    const memory = new GatedMemory();
    const { written } = await decideWith(memory, [phoneChange(T0 - MIN), withdrawal(T0)]);
    memory.settles[0]!.reject(new Error('connection is closed'));
    // No unhandled rejection while nobody waits for it yet (vitest fails the run on one).
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(written).rejects.toThrow('connection is closed');

    const failing = new GatedMemory();
    const deciding = decideBatch(
      depsWith(failing),
      batchOf([phoneChange(T0 - MIN), withdrawal(T0)]),
    );
    await vi.waitFor(() => expect(failing.settles).toHaveLength(1));
    failing.settles[0]!.reject(new Error('connection is closed'));
    await expect(deciding).rejects.toThrow('connection is closed');
  });

  it('a sweep waits for the reply it needs: its follow-ups are in the batch, and their raises are what is left in flight', async () => {
    const failure = failedLoginFrom('198.51.100.40');
    const memory = new GatedMemory();
    const deciding = decideWith(memory, [
      failure('s1', 0),
      failure('s2', 1),
      failure('s3', 2),
      failure('s4', 3),
    ]);
    await vi.waitFor(() => expect(memory.settles).toHaveLength(1));
    // The sweep's reply (which accounts used the IP) decides the follow-ups: nothing is handed
    // over before it.
    expect(await settledYet(deciding.then(() => undefined))).toBe(false);
    memory.settles[0]!.resolve();
    const { batch, written } = await deciding;
    expect(batch.followUps.map((f) => f.decision.accountId).sort()).toEqual(['s1', 's2', 's3']);
    expect(memory.settles).toHaveLength(2);
    await expectWrittenWith(memory.settles[1]!, written);
  });

  it('an all-allow batch writes nothing after its features: written has already settled', async () => {
    const memory = new GatedMemory();
    const { batch, written } = await decideWith(memory, [withdrawal(T0)]);
    expect(batch.decided.map((d) => d.decision.outcome)).toEqual(['allow']);
    expect(memory.settles).toHaveLength(0);
    await expect(written).resolves.toBeUndefined();
  });
});
