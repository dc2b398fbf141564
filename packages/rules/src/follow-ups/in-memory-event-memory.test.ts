import { describe, expect, it } from 'vitest';
import type { MemoryItem, Settlement } from './event-memory.ts';
import { InMemoryEventMemory } from './in-memory-event-memory.ts';
import { encodeUseContext } from './use-context.ts';

const item = (n: number, accountId: string, at: number, ip: string): MemoryItem => ({
  accountId,
  eventId: `e-${n}`,
  at,
  payload: `{"n":${n}}`,
  uses: [{ entity: 'ip', value: ip, kind: n % 3 === 0 ? 'login_success' : 'transaction' }],
  useRetentionMs: 86_400_000,
  keepUsesFrom: at,
});

// Three accounts on two IPs, in event-time order, one account with several events at once.
const ordered = [
  item(1, 'a', 1_000, 'ip-1'),
  item(2, 'b', 2_000, 'ip-1'),
  item(3, 'a', 2_000, 'ip-2'),
  item(4, 'c', 5_000, 'ip-1'),
  item(5, 'a', 5_000, 'ip-1'),
  ...Array.from({ length: 8 }, (_, i) => item(6 + i, 'b', 6_000 + i, 'ip-1')),
];
const settlement: Settlement = {
  outcomes: [{ accountId: 'b', eventId: 'e-13', outcome: 'review' }],
  sweeps: [
    { entity: 'ip', value: 'ip-1', rule: 'r', since: 0, until: 6_005, exclude: 'c', origin: 'o-1' },
    { entity: 'ip', value: 'ip-1', rule: 'r', since: 0, until: 9_000, origin: 'o-2' },
    { entity: 'ip', value: 'ip-1', rule: 'r', since: 0, until: 6_005, exclude: 'c', origin: 'o-1' },
  ],
  raises: [{ accountId: 'a', eventId: 'e-5', outcome: 'block', by: 'dec-x' }],
};

describe('InMemoryEventMemory in event-time order (a replay of sorted history)', () => {
  it('records and sweeps exactly as the reference does', async () => {
    const reference = new InMemoryEventMemory();
    const ordering = new InMemoryEventMemory({ inEventTimeOrder: true });
    for (const batch of [ordered.slice(0, 5), ordered.slice(5)]) {
      const expected = await reference.record(batch);
      expect(expected.every((r) => r.later === undefined)).toBe(true);
      expect(await ordering.record(batch)).toEqual(expected);
    }
    const found = await reference.settle(settlement);
    expect(found.flat().length).toBeGreaterThan(0);
    expect(await ordering.settle(settlement)).toEqual(found);
  });

  it('refuses an event earlier than one its account recorded (it would be late)', async () => {
    const memory = new InMemoryEventMemory({ inEventTimeOrder: true });
    await memory.record([item(1, 'a', 5_000, 'ip-1'), item(2, 'b', 1_000, 'ip-1')]);
    await expect(memory.record([item(3, 'a', 4_999, 'ip-1')])).rejects.toMatchObject({
      code: 'REPLAY_OUT_OF_ORDER',
    });
    // The reference revisits it instead.
    const reference = new InMemoryEventMemory();
    await reference.record([item(1, 'a', 5_000, 'ip-1')]);
    const [late] = await reference.record([item(3, 'a', 4_999, 'ip-1')]);
    expect(late?.later?.map((e) => e.eventId)).toEqual(['e-1']);
  });

  it('hands a sweep the context of the use it found: the latest in range, not a later one', async () => {
    const memory = new InMemoryEventMemory();
    const paid = (minor: number) => ({
      amount: { minor, currency: 'GBP' },
      merchantName: 'Ring Ltd',
    });
    await memory.record([
      { ...item(1, 'a', 1_000, 'ip-1'), useContext: encodeUseContext(paid(100)) },
      { ...item(2, 'a', 2_000, 'ip-1'), useContext: encodeUseContext(paid(200)) },
      { ...item(4, 'a', 9_000, 'ip-1'), useContext: encodeUseContext(paid(900)) },
      // Recorded before contexts were kept: found without one.
      item(5, 'b', 2_500, 'ip-1'),
    ]);
    const [found] = await memory.settle({
      outcomes: [],
      raises: [],
      sweeps: [{ entity: 'ip', value: 'ip-1', rule: 'r', since: 0, until: 3_000, origin: 'o' }],
    });
    expect(found).toEqual([
      { accountId: 'a', eventId: 'e-2', at: 2_000, kind: 'transaction', context: paid(200) },
      { accountId: 'b', eventId: 'e-5', at: 2_500, kind: 'transaction' },
    ]);
  });
});
