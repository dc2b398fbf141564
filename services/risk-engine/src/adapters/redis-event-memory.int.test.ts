import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECISION_OUTCOMES } from '@vigil/events';
import {
  InMemoryEventMemory,
  encodeUseContext,
  type EventMemory,
  type MemoryItem,
  type SweepRequest,
  USES_PER_ACCOUNT,
} from '@vigil/rules';
import { createRedisFixture, uniqueName, type RedisFixture } from '@vigil/testing';
import { RedisEventMemory } from './redis-event-memory.ts';
import { recordUseCapped, usesKey } from '../test-support/record-use-capped.ts';

const T0 = Date.parse('2026-11-24T00:00:00.000Z');
const HOUR = 3_600_000;

let fx: RedisFixture;
beforeAll(async () => {
  fx = await createRedisFixture();
});
afterAll(async () => {
  await fx?.cleanup();
});

/** A memory of its own (a fresh key prefix) on the shared fixture. */
function redisMemory(horizonMs = 48 * HOUR): RedisEventMemory {
  return new RedisEventMemory({
    redis: fx.redis,
    keyPrefix: `${fx.keyPrefix}${uniqueName('mem')}:`,
    horizonMs,
  });
}

function item(fields: Partial<MemoryItem> & { eventId: string; at: number }): MemoryItem {
  return {
    accountId: 'acct-1',
    payload: `{"e":"${fields.eventId}"}`,
    uses: [],
    useRetentionMs: 24 * HOUR,
    ...fields,
  };
}

const settle = (memory: EventMemory, fields: Partial<Parameters<EventMemory['settle']>[0]>) =>
  memory.settle({ outcomes: [], sweeps: [], raises: [], ...fields });

describe('RedisEventMemory (real Redis)', () => {
  it('an event recorded after later ones of its account gets them back, oldest first, with their own and raised outcomes', async () => {
    const memory = redisMemory();
    const inOrder = await memory.record([
      item({ eventId: 'e2', at: T0 + 2_000 }),
      item({ eventId: 'e3', at: T0 + 3_000 }),
      item({ accountId: 'other', eventId: 'x9', at: T0 + 9_000 }),
    ]);
    expect(inOrder).toEqual([
      { later: undefined, belated: [], othersLater: [] },
      { later: undefined, belated: [], othersLater: [] },
      { later: undefined, belated: [], othersLater: [] },
    ]);
    await settle(memory, {
      outcomes: [
        { accountId: 'acct-1', eventId: 'e2', outcome: 'challenge' },
        { accountId: 'acct-1', eventId: 'e3', outcome: 'allow' },
      ],
      raises: [{ accountId: 'acct-1', eventId: 'e3', outcome: 'review', by: 'dec-fu-1' }],
    });
    // A less severe raise does not lower it.
    await settle(memory, {
      raises: [{ accountId: 'acct-1', eventId: 'e3', outcome: 'challenge', by: 'dec-fu-2' }],
    });
    const [late] = await memory.record([item({ eventId: 'e1', at: T0 + 1_000 })]);
    expect(late?.later).toEqual([
      { eventId: 'e2', at: T0 + 2_000, payload: '{"e":"e2"}', outcome: 'challenge' },
      {
        eventId: 'e3',
        at: T0 + 3_000,
        payload: '{"e":"e3"}',
        outcome: 'allow',
        raised: { outcome: 'review', by: 'dec-fu-1' },
      },
    ]);
  });

  it('forgets events past the horizon behind the account’s newest', async () => {
    const memory = redisMemory(HOUR);
    await memory.record([
      item({ eventId: 'old', at: T0 }),
      item({ eventId: 'new', at: T0 + 2 * HOUR }),
    ]);
    const [recorded] = await memory.record([item({ eventId: 'late', at: T0 - 1_000 })]);
    expect(recorded?.later?.map((e) => e.eventId)).toEqual(['new']);
  });

  it('sweeps claim each account once per (entity, rule); the same origin gets the same answer; a success sign-in wins; each use comes back with its activity’s context', async () => {
    const memory = redisMemory();
    const ip = { entity: 'ip' as const, value: '2001:db8::7' };
    const lagos = { geo: { country: 'NG', city: 'Lagos' }, device: { platform: 'android' } };
    await memory.record([
      item({
        accountId: 'a',
        eventId: 'a1',
        at: T0 + 1_000,
        uses: [{ ...ip, kind: 'login_failure' }],
        useContext: encodeUseContext(lagos),
      }),
      item({
        accountId: 'b',
        eventId: 'b1',
        at: T0 + 2_000,
        uses: [{ ...ip, kind: 'login_success' }],
        useContext: encodeUseContext({ geo: { country: 'DE' } }),
      }),
      // No context: as a use recorded before uses kept one.
      item({
        accountId: 'b',
        eventId: 'b2',
        at: T0 + 3_000,
        uses: [{ ...ip, kind: 'login_failure' }],
      }),
      item({
        accountId: 'c',
        eventId: 'c1',
        at: T0 + 4_000,
        uses: [{ ...ip, kind: 'transaction' }],
      }),
      // After the sweep's time: recorded before it runs (same batch), never counted by it.
      item({
        accountId: 'd',
        eventId: 'd1',
        at: T0 + 5_000,
        uses: [{ ...ip, kind: 'login_failure' }],
      }),
      item({
        accountId: 'a',
        eventId: 'a2',
        at: T0 + 6_000,
        uses: [{ ...ip, kind: 'login_failure' }],
      }),
    ]);
    const request: SweepRequest = {
      ...ip,
      rule: 'stuffing',
      since: T0,
      until: T0 + 4_000,
      exclude: 'c',
      origin: 'logins/1/40#stuffing',
    };
    const [first] = await settle(memory, { sweeps: [request] });
    expect(first).toEqual([
      { accountId: 'a', eventId: 'a1', at: T0 + 1_000, kind: 'login_failure', context: lagos },
      { accountId: 'b', eventId: 'b2', at: T0 + 3_000, kind: 'login_success' },
    ]);
    expect((await settle(memory, { sweeps: [request] }))[0]).toEqual(first);
    // The next sweep finds only who was not claimed yet.
    const [later] = await settle(memory, {
      sweeps: [{ ...request, until: T0 + 9_000, origin: 'logins/1/41#stuffing' }],
    });
    expect(later).toEqual([
      { accountId: 'd', eventId: 'd1', at: T0 + 5_000, kind: 'login_failure' },
    ]);
    // Another rule sweeps independently.
    expect((await settle(memory, { sweeps: [{ ...request, rule: 'spraying' }] }))[0]).toHaveLength(
      2,
    );
  });

  it('keeps every use of the batch being recorded, so a sweep inside it still finds its account', async () => {
    for (const memory of [new InMemoryEventMemory(), redisMemory()]) {
      const ip = '198.51.100.9';
      const use = (minute: number, keepUsesFrom?: number) =>
        item({
          accountId: 'busy',
          eventId: `busy-${minute}`,
          at: T0 + minute * 60_000,
          uses: [{ entity: 'ip', value: ip, kind: 'login_failure' }],
          ...(keepUsesFrom === undefined ? {} : { keepUsesFrom }),
        });
      const sweep = (origin: string, untilMinute: number) =>
        settle(memory, {
          sweeps: [
            {
              entity: 'ip',
              value: ip,
              rule: origin,
              since: T0 - HOUR,
              until: T0 + untilMinute * 60_000,
              origin,
            },
          ],
        });
      // One batch from minute 0: seven uses, more than USES_PER_ACCOUNT, all before the sweep.
      await memory.record(Array.from({ length: 7 }, (_, minute) => use(minute, T0)));
      const [found] = await sweep('inside', 0.5);
      expect(found?.map((u) => u.eventId)).toEqual(['busy-0']);
      // The next batch trims to the newest few before it: minute 0 is gone.
      await memory.record([use(7, T0 + 7 * 60_000)]);
      const [after] = await sweep('later', 0.5);
      expect(after).toEqual([]);
    }
  });

  it('keeps the newest USES_PER_ACCOUNT uses of an account from before the batch being recorded, each with its context', async () => {
    for (const memory of [new InMemoryEventMemory(), redisMemory()]) {
      const ip = '198.51.100.10';
      // One event per batch, in order: the recorder's usual case.
      for (let minute = 0; minute < 2 * USES_PER_ACCOUNT; minute += 1) {
        const at = T0 + minute * 60_000;
        await memory.record([
          item({
            accountId: 'steady',
            eventId: `steady-${minute}`,
            at,
            uses: [{ entity: 'ip', value: ip, kind: 'transaction' }],
            keepUsesFrom: at,
            useContext: encodeUseContext({ amount: { minor: 100 + minute, currency: 'EUR' } }),
          }),
        ]);
      }
      // A sweep around one minute finds the use of that minute while it is kept.
      const around = async (minute: number) => {
        const [found] = await settle(memory, {
          sweeps: [
            {
              entity: 'ip',
              value: ip,
              rule: `r${minute}`,
              since: T0 + (minute - 0.5) * 60_000,
              until: T0 + (minute + 0.5) * 60_000,
              origin: `around-${minute}`,
            },
          ],
        });
        return found?.map((u) => `${u.eventId} ${u.context?.amount?.minor}`);
      };
      const last = 2 * USES_PER_ACCOUNT - 1;
      // The last batch's use and the USES_PER_ACCOUNT before it.
      for (let minute = last - USES_PER_ACCOUNT; minute <= last; minute += 1)
        expect(await around(minute)).toEqual([`steady-${minute} ${100 + minute}`]);
      expect(await around(last - USES_PER_ACCOUNT - 1)).toEqual([]);
    }
  });

  it('past its cap, an entity forgets the half of its accounts whose newest use is oldest, contexts or not', async () => {
    const prefix = `${fx.keyPrefix}${uniqueName('cap')}:`;
    const ip = '198.51.100.12';
    const uses = usesKey(prefix, ip);
    const record = (accountId: string, eventId: string, minute: number, context = '') =>
      recordUseCapped(
        fx.redis,
        { prefix, ip, cap: 4 },
        { accountId, eventId, at: T0 + minute * 60_000, context },
      );
    const paris = encodeUseContext({ geo: { country: 'FR', city: 'Paris' } });
    // Newest use per account: a 50, b 10, c 55 (its first use, at 5, is not what counts), d 20.
    await record('a', 'a1', 50, paris);
    await record('b', 'b1', 10);
    await record('c', 'c1', 5, paris);
    await record('c', 'c2', 55, paris);
    await record('d', 'd1', 20, paris);
    // The uses, and the newest one's time.
    expect((await fx.redis.hkeys(uses)).sort()).toHaveLength(5);
    expect(await fx.redis.hget(uses, '^')).toBe(`${T0 + 55 * 60_000}\u001f`);
    // A fifth account: five fields past a cap of four, the three least recent go.
    await record('e', 'e1', 60);
    expect((await fx.redis.hkeys(uses)).sort()).toEqual([
      '^',
      'login_failure\u001fc',
      'login_failure\u001fe',
    ]);
  });

  it('agrees with the in-memory reference on random histories, late events, batch-kept uses, outcomes, raises, sweeps, belated uses and others’ later uses, for IPs and beneficiaries', async () => {
    const accounts = ['a', 'b', 'c'];
    // IPs and beneficiaries (a payee id is free text: braces, colons and non-ASCII must not
    // change which key a use lands in).
    const entities = [
      { entity: 'ip', value: '198.51.100.1' },
      { entity: 'ip', value: '198.51.100.2' },
      { entity: 'beneficiary', value: 'ben-{ring}:1/ü' },
    ] as const;
    // What a use remembers of its activity: none (as before contexts were kept), a payment with
    // a merchant whose name holds the memory's own separators, a sign-in's place and device.
    const contexts = [
      undefined,
      encodeUseContext({
        amount: { minor: 125_000, currency: 'EUR' },
        merchantName: 'Café \u001eRing\u001f 東京',
        geo: { country: 'FR', city: 'Paris' },
      }),
      encodeUseContext({ geo: { country: 'NG' }, device: { platform: 'android' } }),
    ];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('record' as const),
        account: fc.constantFrom(...accounts),
        minute: fc.integer({ min: 0, max: 120 }),
        used: fc.constantFrom(...entities),
        use: fc.constantFrom('login_success', 'login_failure', 'transaction'),
        // It writes the entity's shared state: others' later uses come back.
        writes: fc.boolean(),
        // The batch's earliest time: uses since then are all kept (none: only the newest few);
        // 'own' a batch of this event alone, the engine's usual case when it keeps up.
        keepFrom: fc.option(
          fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constant('own' as const)),
          {
            nil: undefined,
          },
        ),
        context: fc.constantFrom(...contexts),
      }),
      fc.record({
        kind: fc.constant('settle' as const),
        account: fc.constantFrom(...accounts),
        target: fc.nat(30),
        outcome: fc.constantFrom(...DECISION_OUTCOMES),
        raise: fc.constantFrom(...DECISION_OUTCOMES),
        swept: fc.constantFrom(...entities),
        minute: fc.integer({ min: 0, max: 120 }),
        // Narrow sweeps tell which of an account's older uses are still kept.
        span: fc.constantFrom(2, 60),
        exclude: fc.constantFrom(...accounts),
        rule: fc.constantFrom('r', 's'),
        // A belated use's sweep: that account alone, from since.
        only: fc.option(fc.constantFrom(...accounts), { nil: undefined }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        const memories: EventMemory[] = [new InMemoryEventMemory(), redisMemory()];
        const outputs: unknown[][] = [[], []];
        for (const [n, step] of ops.entries()) {
          for (const [m, memory] of memories.entries()) {
            if (step.kind === 'record') {
              outputs[m]!.push(
                await memory.record([
                  item({
                    accountId: step.account,
                    eventId: `e${n}`,
                    at: T0 + step.minute * 60_000,
                    uses: [
                      {
                        ...step.used,
                        kind: step.use,
                        ...(step.writes ? { writesShared: true } : {}),
                      },
                    ],
                    ...(step.keepFrom === undefined
                      ? {}
                      : {
                          keepUsesFrom:
                            T0 + (step.keepFrom === 'own' ? step.minute : step.keepFrom) * 60_000,
                        }),
                    ...(step.context === undefined ? {} : { useContext: step.context }),
                  }),
                ]),
              );
              continue;
            }
            outputs[m]!.push(
              await settle(memory, {
                outcomes: [
                  { accountId: step.account, eventId: `e${step.target}`, outcome: step.outcome },
                ],
                sweeps: [
                  {
                    ...step.swept,
                    rule: step.rule,
                    since: T0 + (step.minute - step.span) * 60_000,
                    until: T0 + step.minute * 60_000,
                    ...(step.only === undefined
                      ? { exclude: step.exclude, finding: `found\u001ebad ${n}` }
                      : { account: step.only }),
                    origin: `o${n}`,
                  },
                ],
                raises: [
                  {
                    accountId: step.account,
                    eventId: `e${step.target}`,
                    outcome: step.raise,
                    by: `fu${n}`,
                  },
                ],
              }),
            );
          }
        }
        expect(outputs[1]).toEqual(outputs[0]);
      }),
      { numRuns: 40 },
    );
  });
});
