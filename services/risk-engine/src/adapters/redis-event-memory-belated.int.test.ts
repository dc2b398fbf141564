import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryEventMemory, type EventMemory, type MemoryItem } from '@vigil/rules';
import { STORE_TARGETS, type OpenedStores } from '../test-support/redis-store-targets.ts';

// A use recorded after a sweep of its entity passed its time (its partition read behind the one
// that swept): the record says so, with the rule's first finding, and a sweep for that account
// alone claims it once, on a single node and on a Redis Cluster (where an event's uses of
// entities in other slots are calls of their own) as in the in-memory reference.

const T0 = Date.parse('2026-11-24T00:00:00.000Z');
const MIN = 60_000;
const IP = '203.0.113.7';
const DEVICE = 'dev-belated-1';

function use(
  accountId: string,
  eventId: string,
  minute: number,
  kind: 'login_success' | 'login_failure' = 'login_failure',
): MemoryItem {
  return {
    accountId,
    eventId,
    at: T0 + minute * MIN,
    payload: `{"e":"${eventId}"}`,
    uses: [
      { entity: 'device', value: DEVICE, kind },
      { entity: 'ip', value: IP, kind },
    ],
    useRetentionMs: 24 * 60 * MIN,
  };
}

const sweep = (minute: number, origin: string, rule = 'stuffing') => ({
  entity: 'ip' as const,
  value: IP,
  rule,
  since: T0 + (minute - 60) * MIN,
  until: T0 + minute * MIN,
  exclude: 'attacker-seen',
  origin,
  finding: `42 accounts failed from ${IP}\n(line two)`,
});

/** The scenario's answers from one memory, in order. */
async function scenario(memory: EventMemory): Promise<unknown[]> {
  const out: unknown[] = [];
  const settle = async (sweeps: Parameters<EventMemory['settle']>[0]['sweeps']) =>
    memory.settle({ outcomes: [], sweeps, raises: [] });
  out.push(await memory.record([use('a', 'a1', 10), use('attacker-seen', 'z1', 25)]));
  // The IP is found bad at minute 30, then again at 50 (a later sweep of the same rule).
  out.push(await settle([sweep(30, 'o-30')]));
  out.push(await settle([sweep(50, 'o-50')]));
  // Behind: b used it at minute 20 (covered by the first sweep), c at 45 (by the second), d at
  // 55 (after both: not belated), e at minute -40 (before the first sweep's range).
  const late = await memory.record([
    use('b', 'b1', 20, 'login_success'),
    use('c', 'c1', 45),
    use('d', 'd1', 55),
    use('e', 'e1', -40),
  ]);
  out.push(late);
  const belated = late.flatMap((r, i) =>
    r.belated.map((b) => ({
      entity: b.entity,
      value: b.value,
      rule: b.rule,
      since: b.since,
      until: b.until,
      account: ['b', 'c', 'd', 'e'][i]!,
      origin: `late-${i}#${b.rule}`,
    })),
  );
  out.push(await settle(belated));
  // A retry gets the same claims; another origin for the same accounts gets none.
  out.push(await settle(belated));
  out.push(await settle(belated.map((b) => ({ ...b, origin: `${b.origin}-again` }))));
  // An earlier sweep of the rule (another unit, found bad at minute 28) becomes the first finding.
  out.push(await settle([{ ...sweep(28, 'o-28'), finding: 'earlier finding' }]));
  out.push(await memory.record([use('f', 'f1', 12)]));
  return out;
}

describe.each(STORE_TARGETS)('belated uses on $name', (target) => {
  let opened: OpenedStores;
  beforeAll(async () => {
    opened = await target.open();
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('a use recorded after a sweep passed it comes back with the first finding, and is claimed once by a sweep for its account alone', async () => {
    const expected = await scenario(new InMemoryEventMemory());
    expect(await scenario(opened.memory)).toEqual(expected);

    const [, , , late, claimed, retried, again, , earlier] = expected as [
      unknown,
      unknown,
      unknown,
      { belated: { rule: string; since: number; until: number; finding: string }[] }[],
      { accountId: string; kind: string }[][],
      unknown,
      unknown[][],
      unknown,
      { belated: { since: number; until: number; finding: string }[] }[],
    ];
    // b (minute 20) and c (45) are belated, once each (the IP use; the device was never swept),
    // each with the range of the sweep that would have claimed it in order: b the first sweep's
    // (minute -30 to 30), c the second's from where the first reached (30 to 50).
    expect(late.map((r) => r.belated.length)).toEqual([1, 1, 0, 0]);
    const finding = `42 accounts failed from ${IP} (line two)`;
    expect(late[0]!.belated[0]).toEqual({
      entity: 'ip',
      value: IP,
      rule: 'stuffing',
      since: T0 - 30 * MIN,
      until: T0 + 30 * MIN,
      finding,
    });
    expect(late[1]!.belated[0]).toMatchObject({
      since: T0 + 30 * MIN,
      until: T0 + 50 * MIN,
      finding,
    });
    expect(claimed.map((found) => found.map((u) => `${u.accountId}:${u.kind}`))).toEqual([
      ['b:login_success'],
      ['c:login_failure'],
    ]);
    expect(retried).toEqual(claimed);
    expect(again).toEqual([[], []]);
    // f (minute 12) falls in the earlier sweep found at minute 28, which is now the first.
    expect(earlier[0]!.belated[0]).toMatchObject({
      since: T0 - 32 * MIN,
      until: T0 + 28 * MIN,
      finding: 'earlier finding',
    });
  });

  it("a belated sweep over a narrow range leaves the rule's claims as long-lived as its sweeps make them", async () => {
    // Two sweeps half a second apart (a stuffing IP fires on every attempt): a use between them
    // is claimed over that half second. The claims once expired after twice that range, so the
    // next sweep claimed every account of the lookback again (bench:live: 88 follow-ups twice).
    const memory = opened.memory;
    const ip = `${IP}-narrow-${target.name}`;
    const at = (ms: number) => T0 + 90 * MIN + ms;
    const item = (accountId: string, ms: number): MemoryItem => ({
      ...use(accountId, `${accountId}-n`, 0),
      at: at(ms),
      uses: [{ entity: 'ip', value: ip, kind: 'login_failure' }],
    });
    const narrow = (ms: number, origin: string) => ({
      ...sweep(0, origin),
      value: ip,
      since: at(ms) - 60 * MIN,
      until: at(ms),
    });
    const settle = (sweeps: Parameters<EventMemory['settle']>[0]['sweeps']) =>
      memory.settle({ outcomes: [], sweeps, raises: [] });
    await memory.record([item('na', -10 * MIN)]);
    expect((await settle([narrow(0, 'n-0')]))[0]!.map((u) => u.accountId)).toEqual(['na']);
    await settle([narrow(500, 'n-500')]);
    const [late] = await memory.record([item('nb', 250)]);
    const [belated] = late!.belated;
    expect(belated!.until - belated!.since).toBe(500);
    const claimed = await settle([
      { ...belated!, account: 'nb', origin: 'n-late', exclude: undefined },
    ]);
    expect(claimed[0]!.map((u) => u.accountId)).toEqual(['nb']);
    // Past twice the belated range: a later sweep of the rule claims nobody again.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await settle([narrow(2_000, 'n-2000')])).toEqual([[]]);
  });
});
