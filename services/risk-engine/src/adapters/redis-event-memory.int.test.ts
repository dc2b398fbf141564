import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECISION_OUTCOMES } from '@vigil/events';
import {
  InMemoryEventMemory,
  type EventMemory,
  type MemoryItem,
  type SweepRequest,
} from '@vigil/rules';
import { createRedisFixture, uniqueName, type RedisFixture } from '@vigil/testing';
import { RedisEventMemory } from './redis-event-memory.ts';

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
    outcome: 'allow',
    late: false,
    ...fields,
  };
}

describe('RedisEventMemory (real Redis)', () => {
  it('a late event gets the account’s later events with their own and raised outcomes, oldest first', async () => {
    const memory = redisMemory();
    await memory.record([
      item({ eventId: 'e2', at: T0 + 2_000, outcome: 'challenge' }),
      item({ eventId: 'e3', at: T0 + 3_000 }),
      item({ accountId: 'other', eventId: 'x9', at: T0 + 9_000 }),
    ]);
    await memory.raise([{ accountId: 'acct-1', eventId: 'e3', outcome: 'review', by: 'dec-fu-1' }]);
    // A less severe raise does not lower it.
    await memory.raise([
      { accountId: 'acct-1', eventId: 'e3', outcome: 'challenge', by: 'dec-fu-2' },
    ]);
    const [first, onTime] = await memory.record([
      item({ eventId: 'e1', at: T0 + 1_000, late: true }),
      item({ eventId: 'e4', at: T0 + 4_000 }),
    ]);
    expect(onTime).toEqual({ later: undefined, swept: [] });
    expect(first?.later).toEqual([
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
    const [recorded] = await memory.record([item({ eventId: 'late', at: T0 - 1_000, late: true })]);
    expect(recorded?.later?.map((e) => e.eventId)).toEqual(['new']);
  });

  it('sweeps claim each account once per (entity, rule); the same origin gets the same answer; a success sign-in wins', async () => {
    const memory = redisMemory();
    const ip = { entity: 'ip' as const, value: '2001:db8::7' };
    await memory.record([
      item({
        accountId: 'a',
        eventId: 'a1',
        at: T0 + 1_000,
        uses: [{ ...ip, kind: 'login_failure' }],
      }),
      item({
        accountId: 'b',
        eventId: 'b1',
        at: T0 + 2_000,
        uses: [{ ...ip, kind: 'login_success' }],
      }),
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
    ]);
    const request: SweepRequest = {
      ...ip,
      rule: 'stuffing',
      since: T0,
      until: T0 + 4_000,
      exclude: 'c',
      origin: 'logins/1/40#stuffing',
    };
    const [first] = await memory.sweep([request]);
    expect(first).toEqual([
      { accountId: 'a', eventId: 'a1', at: T0 + 1_000, kind: 'login_failure' },
      { accountId: 'b', eventId: 'b2', at: T0 + 3_000, kind: 'login_success' },
    ]);
    expect((await memory.sweep([request]))[0]).toEqual(first);
    const [later] = await memory.sweep([
      { ...request, until: T0 + 9_000, origin: 'logins/1/41#stuffing' },
    ]);
    expect(later).toEqual([]);
    // Another rule sweeps independently.
    expect((await memory.sweep([{ ...request, rule: 'spraying' }]))[0]).toHaveLength(2);
  });

  it('a sweep recorded with its event sees the uses up to it, not the ones after it in the same call', async () => {
    const memory = redisMemory();
    const device = { entity: 'device' as const, value: 'dev-shared' };
    const sweep: SweepRequest = {
      ...device,
      rule: 'card-testing',
      since: T0,
      until: T0 + 2_000,
      exclude: 'b',
      origin: 'tx/0/9#card-testing',
    };
    const results = await memory.record([
      item({
        accountId: 'a',
        eventId: 'a1',
        at: T0 + 1_000,
        uses: [{ ...device, kind: 'transaction' }],
      }),
      item({
        accountId: 'b',
        eventId: 'b1',
        at: T0 + 2_000,
        uses: [{ ...device, kind: 'transaction' }],
        sweeps: [sweep],
      }),
      // a uses it again after the finding: its earlier use must still be found.
      item({
        accountId: 'a',
        eventId: 'a2',
        at: T0 + 3_000,
        uses: [{ ...device, kind: 'transaction' }],
      }),
    ]);
    expect(results.map((r) => r.swept)).toEqual([
      [],
      [[{ accountId: 'a', eventId: 'a1', at: T0 + 1_000, kind: 'transaction' }]],
      [],
    ]);
  });

  it('agrees with the in-memory reference on random histories, late events, raises and sweeps', async () => {
    const accounts = ['a', 'b', 'c'];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('record' as const),
        account: fc.constantFrom(...accounts),
        minute: fc.integer({ min: 0, max: 120 }),
        outcome: fc.constantFrom(...DECISION_OUTCOMES),
        ip: fc.constantFrom('198.51.100.1', '198.51.100.2'),
        use: fc.constantFrom('login_success', 'login_failure', 'transaction'),
      }),
      fc.record({
        kind: fc.constant('raise' as const),
        account: fc.constantFrom(...accounts),
        target: fc.nat(30),
        outcome: fc.constantFrom(...DECISION_OUTCOMES),
      }),
      fc.record({
        kind: fc.constant('sweep' as const),
        ip: fc.constantFrom('198.51.100.1', '198.51.100.2'),
        minute: fc.integer({ min: 0, max: 120 }),
        exclude: fc.constantFrom(...accounts),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const memories: EventMemory[] = [new InMemoryEventMemory(), redisMemory()];
        const outputs: unknown[][] = [[], []];
        const latest = new Map<string, number>();
        for (const [n, step] of ops.entries()) {
          for (const [m, memory] of memories.entries()) {
            if (step.kind === 'record') {
              const at = T0 + step.minute * 60_000;
              const late = (latest.get(step.account) ?? -Infinity) > at;
              outputs[m]!.push(
                await memory.record([
                  item({
                    accountId: step.account,
                    eventId: `e${n}`,
                    at,
                    outcome: step.outcome,
                    late,
                    uses: [{ entity: 'ip', value: step.ip, kind: step.use }],
                  }),
                ]),
              );
            } else if (step.kind === 'raise') {
              await memory.raise([
                {
                  accountId: step.account,
                  eventId: `e${step.target}`,
                  outcome: step.outcome,
                  by: `fu${n}`,
                },
              ]);
            } else {
              outputs[m]!.push(
                await memory.sweep([
                  {
                    entity: 'ip',
                    value: step.ip,
                    rule: 'r',
                    since: T0 + (step.minute - 60) * 60_000,
                    until: T0 + step.minute * 60_000,
                    exclude: step.exclude,
                    origin: `o${n}`,
                  },
                ]),
              );
            }
          }
          if (step.kind === 'record')
            latest.set(
              step.account,
              Math.max(latest.get(step.account) ?? -Infinity, T0 + step.minute * 60_000),
            );
        }
        expect(outputs[1]).toEqual(outputs[0]);
      }),
      { numRuns: 40 },
    );
  });
});
