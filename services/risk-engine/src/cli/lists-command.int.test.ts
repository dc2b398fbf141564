import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoredEvent } from '@vigil/events';
import { evaluate, parseRuleSet, requiredFeatures } from '@vigil/rules';
import { createRedisFixture, type RedisFixture } from '@vigil/testing';
import { RedisFeatureStore } from '../adapters/redis-feature-store.ts';
import { parseListsArgs, runListsCommand } from './lists-command.ts';

const RULES = parseRuleSet(`
version: "lists-1"
timezone: UTC
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - { id: deny-list, type: deny-list, mode: enforce, score: 100, params: { entities: [device, card, ip, account], outcome: block } }
`);

function login(n: number): ScoredEvent {
  return {
    kind: 'login',
    event: {
      schemaVersion: 1,
      eventId: `lists-${n}-${Date.now()}`,
      occurredAt: new Date().toISOString(),
      accountId: 'acct-lists',
      outcome: 'success',
      method: 'password',
      device: { id: 'dev-stolen' },
      ip: '198.51.100.9',
    },
  };
}

describe('vigil-lists admin path (real Redis)', () => {
  let fx: RedisFixture;
  let store: RedisFeatureStore;
  beforeAll(async () => {
    fx = await createRedisFixture();
    store = new RedisFeatureStore({ redis: fx.redis, keyPrefix: fx.keyPrefix });
  });
  afterAll(() => fx.cleanup());

  async function outcomeOf(n: number) {
    const scored = login(n);
    const [result] = await store.computeBatch([
      {
        eventId: scored.event.eventId,
        accountId: scored.event.accountId,
        at: Date.now(),
        requests: requiredFeatures(RULES, scored),
      },
    ]);
    return evaluate(scored, result!.values, RULES, Date.now()).outcome;
  }

  it('a device deny-listed by an admin blocks the next event; removing it lets events through', async () => {
    expect(await outcomeOf(1)).toBe('allow');
    await runListsCommand(['add', 'deny', 'device', 'dev-stolen', '--ttl', '30d'], store);
    expect(await outcomeOf(2)).toBe('block');
    await runListsCommand(['remove', 'deny', 'device', 'dev-stolen'], store);
    expect(await outcomeOf(3)).toBe('allow');
  });

  it('rejects malformed commands with the usage text', () => {
    expect(() => parseListsArgs(['add', 'deny', 'phone', 'x'])).toThrow(/usage: vigil-lists/);
    expect(() => parseListsArgs(['add', 'allow', 'device', 'd1'])).toThrow(/--account/);
    expect(() => parseListsArgs(['add', 'deny', 'ip', '1.2.3.4', '--ttl', 'soon'])).toThrow(/ttl/);
    expect(parseListsArgs(['add', 'allow', 'device', 'd1', '--account', 'a1'])).toMatchObject({
      scope: 'account',
      accountId: 'a1',
    });
  });
});
