import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUseContext, type MemoryItem } from '@vigil/rules';
import { createRedisFixture, uniqueName, type RedisFixture } from '@vigil/testing';
import { RedisEventMemory } from './redis-event-memory.ts';
import { luaSource } from './redis-lua.ts';

// A rolling upgrade runs replicas of the engine before and after uses kept their activity's
// context, on the same Redis: the previous one must sweep and record the uses this one wrote
// as it did (same accounts, same events, no corrupt reply, no script error), and this one must
// read what the previous one left — beside the entity's newest-use time ('^') this one keeps
// too. The previous engine's script parts, as they were, sit in test-support/legacy-lua.

const T0 = Date.parse('2026-12-05T00:00:00.000Z');
const HOUR = 3_600_000;
const ip = '203.0.113.50';
const legacy = (part: string, day = '2026-12-05') =>
  readFileSync(new URL(`../test-support/legacy-lua/${part}-${day}.lua`, import.meta.url), 'utf8');
const LEGACY_SWEEP =
  luaSource({ parts: ['event-memory-marks'] }) + '\n' + legacy('event-memory-sweep');
const LEGACY_RECORD = [
  luaSource({ parts: ['event-memory-marks'] }),
  legacy('event-memory-uses'),
  legacy('event-memory-record', '2026-12-06'),
].join('\n');

let fx: RedisFixture;
beforeAll(async () => {
  fx = await createRedisFixture();
});
afterAll(async () => {
  await fx?.cleanup();
});

function setup() {
  const prefix = `${fx.keyPrefix}${uniqueName('upgrade')}:`;
  const memory = new RedisEventMemory({ redis: fx.redis, keyPrefix: prefix, horizonMs: HOUR });
  const uses = `${prefix}v1:use:{${encodeURIComponent(ip)}}:ip`;
  const claims = `${prefix}v1:claim:{${encodeURIComponent(ip)}}:ip`;
  /** The previous engine's sweep (its arguments as its adapter sent them); rows of its answer. */
  const legacySweep = async (rule: string, until: number) => {
    const answer = (await fx.redis.eval(
      LEGACY_SWEEP,
      3,
      uses,
      `${claims}:${rule}`,
      `${claims}:${rule}:o-${rule}`,
      T0,
      until,
      '',
      `o-${rule}`,
      2 * HOUR,
      2 * HOUR,
      '',
      'found bad',
      rule,
      32,
    )) as string;
    return answer === '' ? [] : answer.split('\u001e').map((row) => row.split('\u001f'));
  };
  /** The previous engine recording one login failure from the IP (maxUses: its entity cap). */
  const legacyRecord = (accountId: string, eventId: string, at: number, maxUses = 512) =>
    fx.redis.eval(
      LEGACY_RECORD,
      3,
      `${prefix}v1:mem:{${accountId}}`,
      `${prefix}v1:out:{${accountId}}`,
      uses,
      at,
      eventId,
      '{}',
      HOUR,
      64,
      256,
      24 * HOUR,
      maxUses,
      4,
      Number.MAX_SAFE_INTEGER,
      `login_failure\u001f${accountId}`,
    );
  return { memory, uses, legacySweep, legacyRecord };
}

const lagos = { geo: { country: 'NG', city: 'Lagos' }, device: { platform: 'android' } };
function failure(accountId: string, eventId: string, at: number, context?: object): MemoryItem {
  return {
    accountId,
    eventId,
    at,
    payload: '{}',
    uses: [{ entity: 'ip', value: ip, kind: 'login_failure' }],
    useRetentionMs: 24 * HOUR,
    ...(context ? { useContext: encodeUseContext(context) } : {}),
  };
}

describe('event memory across a rolling upgrade (real Redis)', () => {
  it('the previous engine sweeps the uses this one recorded with contexts: the same accounts and events', async () => {
    const { memory, legacySweep } = setup();
    await memory.record([
      failure('a', 'a1', T0 + 1_000, lagos),
      failure('b', 'b1', T0 + 2_000),
      failure('a', 'a2', T0 + 3_000, { geo: { country: 'GH' } }),
    ]);
    expect(await legacySweep('r-old', T0 + 5_000)).toEqual([
      ['b', 'b1', String(T0 + 2_000), 'login_failure'],
      ['a', 'a2', String(T0 + 3_000), 'login_failure'],
    ]);
    // This engine sweeping the same uses for another rule tells each one's activity.
    const [found] = await memory.settle({
      outcomes: [],
      raises: [],
      sweeps: [
        { entity: 'ip', value: ip, rule: 'r-new', since: T0, until: T0 + 5_000, origin: 'o' },
      ],
    });
    expect(found).toEqual([
      { accountId: 'b', eventId: 'b1', at: T0 + 2_000, kind: 'login_failure' },
      {
        accountId: 'a',
        eventId: 'a2',
        at: T0 + 3_000,
        kind: 'login_failure',
        context: { geo: { country: 'GH' } },
      },
    ]);
  });

  it('the previous engine records and trims beside contexts without failing; this one reads what it left', async () => {
    const { memory, uses, legacyRecord } = setup();
    await memory.record([
      failure('a', 'a1', T0 + 1_000, lagos),
      failure('b', 'b1', T0 + 2_000, lagos),
      failure('c', 'c1', T0 + 3_000, lagos),
    ]);
    // A new field past its entity cap (2): the previous engine drops the least recently used.
    await legacyRecord('d', 'd1', T0 + 4_000, 2);
    expect((await fx.redis.hkeys(uses)).sort()).toEqual(['login_failure\u001fd']);
    // It rewrites a field this engine wrote: the contexts go, the uses stay.
    await memory.record([failure('e', 'e1', T0 + 5_000, lagos)]);
    await legacyRecord('e', 'e2', T0 + 6_000);
    const [found] = await memory.settle({
      outcomes: [],
      raises: [],
      sweeps: [{ entity: 'ip', value: ip, rule: 'r', since: T0, until: T0 + 9_000, origin: 'o' }],
    });
    expect(found).toEqual([
      { accountId: 'd', eventId: 'd1', at: T0 + 4_000, kind: 'login_failure' },
      { accountId: 'e', eventId: 'e2', at: T0 + 6_000, kind: 'login_failure' },
    ]);
    // Recorded by this engine again, a use of that field gets its context back.
    await memory.record([failure('e', 'e3', T0 + 7_000, lagos)]);
    const [again] = await memory.settle({
      outcomes: [],
      raises: [],
      sweeps: [{ entity: 'ip', value: ip, rule: 's', since: T0, until: T0 + 9_000, origin: 'o2' }],
    });
    expect(again?.find((u) => u.accountId === 'e')).toEqual({
      accountId: 'e',
      eventId: 'e3',
      at: T0 + 7_000,
      kind: 'login_failure',
      context: lagos,
    });
  });
});
