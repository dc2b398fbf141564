import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryEventMemory, encodeUseContext, type EventMemory } from '@vigil/rules';
import { uniqueName } from '@vigil/testing';
import { STORE_TARGETS, storesOn, type OpenedStores } from '../test-support/redis-store-targets.ts';

// An account's uses of an entity as the event memory keeps them (the newest few from before the
// batch being recorded, every one of it, each with its context): the scripts append an in-order
// use without parsing the field, and must keep exactly what the in-memory reference keeps, on a
// single node and on a Redis Cluster (where an event's uses are calls of their own per slot).

const T0 = Date.parse('2026-11-24T00:00:00.000Z');
const MIN = 60_000;
const IP = '198.51.100.11';

const contexts = [
  undefined,
  encodeUseContext({ amount: { minor: 4_200, currency: 'JPY' } }),
  encodeUseContext({ geo: { country: 'JP', city: 'Osaka' } }),
];
const use = fc.record({
  // Mostly forward in time, as traffic is; now and then a late one.
  step: fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) },
    { weight: 1, arbitrary: fc.integer({ min: -20, max: 0 }) },
  ),
  // Mostly one kind, so its uses pile up past USES_PER_ACCOUNT.
  kind: fc.oneof(
    { weight: 3, arbitrary: fc.constant('transaction' as const) },
    { weight: 1, arbitrary: fc.constant('login_failure' as const) },
  ),
  // How far back the batch started (0: a batch of this event alone); none: only the newest few.
  batchBack: fc.option(fc.constantFrom(0, 0, 3, 30), { nil: undefined }),
  context: fc.constantFrom(...contexts),
  // Recorded twice (a retried call).
  again: fc.boolean(),
});

/** Every minute of the history swept alone, by a rule of its own (claims are per rule). */
async function sweptMinutes(memory: EventMemory): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let at = 0; at <= 240; at += 1) {
    const [found] = await memory.settle({
      outcomes: [],
      raises: [],
      sweeps: [
        {
          entity: 'ip',
          value: IP,
          rule: `m${at}`,
          since: T0 + (at - 1) * MIN,
          until: T0 + at * MIN,
          origin: `m${at}`,
        },
      ],
    });
    if (found?.length) out.push([at, found]);
  }
  return out;
}

describe.each(STORE_TARGETS)('entity uses on $name', (target) => {
  let opened: OpenedStores;
  beforeAll(async () => {
    opened = await target.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('keeps the same uses of one account as the reference whatever their order, batches and retries, each found by a sweep of its own', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(use, { minLength: 6, maxLength: 25 }), async (uses) => {
        const prefix = `${opened.keyPrefix}${uniqueName('uses')}:`;
        const memories: EventMemory[] = [
          new InMemoryEventMemory(),
          storesOn(opened.client, prefix).memory,
        ];
        const outputs: unknown[][] = [];
        for (const memory of memories) {
          let minute = 100;
          for (const [n, u] of uses.entries()) {
            minute += u.step;
            const recorded = {
              accountId: 'one',
              eventId: `u${n}`,
              at: T0 + minute * MIN,
              payload: `{"e":"u${n}"}`,
              // The device's uses too: on a cluster, most likely a slot (a call) of their own.
              uses: [
                { entity: 'ip' as const, value: IP, kind: u.kind },
                { entity: 'device' as const, value: 'dev-uses-1', kind: u.kind },
              ],
              useRetentionMs: 24 * 60 * MIN,
              ...(u.batchBack === undefined
                ? {}
                : { keepUsesFrom: T0 + (minute - u.batchBack) * MIN }),
              ...(u.context === undefined ? {} : { useContext: u.context }),
            };
            await memory.record([recorded]);
            if (u.again) await memory.record([recorded]);
          }
          outputs.push(await sweptMinutes(memory));
        }
        expect(outputs[1]).toEqual(outputs[0]);
      }),
      { numRuns: 20 },
    );
  });
});
