import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InMemoryFeatureStore,
  evaluate,
  eventTime,
  parseRuleSet,
  requiredFeatures,
  type FeatureStore,
} from '@vigil/rules';
import { createRedisFixture, type RedisFixture } from '@vigil/testing';
import { RedisFeatureStore } from './redis-feature-store.ts';
import { T0, nextSequence, tx } from './redis-feature-store-test-events.ts';

const ruleSet = parseRuleSet(
  readFileSync(new URL('../../config/rules.default.yaml', import.meta.url), 'utf8'),
);

describe('RedisFeatureStore keys and agreement with the reference model', () => {
  let fixture: RedisFixture;
  let store: RedisFeatureStore;

  beforeAll(async () => {
    fixture = await createRedisFixture();
    store = new RedisFeatureStore({ redis: fixture.redis, keyPrefix: fixture.keyPrefix });
  });
  afterAll(async () => {
    await fixture.cleanup();
  });

  it('per-account keys carry the {accountId} hash tag; cross-account keys hash on their own value', () => {
    const scored = tx({
      accountId: 'acct-tag',
      card: { fingerprint: 'fp-tag' },
      ip: '2001:db8::1',
    });
    const ids = requiredFeatures(ruleSet, scored).map((r) => r.id);
    expect(ids.filter((id) => id.includes(':account:'))).not.toEqual([]);
    for (const id of ids.filter((id) => /:account(_\w+)?:/.test(id)))
      expect(id).toContain('{acct-tag}');
    for (const id of ids.filter((id) => id.includes(':card:'))) expect(id).toContain('{fp-tag}');
    for (const id of ids.filter((id) => /:ip:/.test(id)))
      expect(id).toContain(`{${encodeURIComponent('2001:db8::1')}}`);
  });

  it('scores the default rule set exactly like the in-memory reference store (property)', async () => {
    // Guards against a vacuous pass: the generated traffic must actually trip rules.
    const rulesHit = new Set<string>();
    const arbitraryTx = fc.record({
      account: fc.constantFrom('a1', 'a2'),
      card: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'),
      device: fc.constantFrom('d1', 'd2'),
      ip: fc.constantFrom(1, 2),
      minor: fc.constantFrom(150, 5_000, 9_500, 60_000, 200_000),
      status: fc.constantFrom('approved', 'declined'),
      step: fc.integer({ min: 0, max: 20_000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraryTx, { minLength: 5, maxLength: 30 }), async (draws) => {
        const runNo = nextSequence();
        const run = `p${runNo}`;
        let at = T0;
        const events = draws.map((d) => {
          at += d.step;
          return tx({
            accountId: `${run}-${d.account}`,
            // Cross-account keys (BIN, IP) live on in Redis between runs: give every run its own.
            card: {
              fingerprint: `${run}-${d.card}`,
              bin: String(100_000 + runNo),
              country: 'US',
            },
            device: { id: `${run}-${d.device}` },
            ip: `10.${(runNo >> 8) & 255}.${runNo & 255}.${d.ip}`,
            status: d.status,
            amount: { minor: d.minor, currency: 'USD' },
            account: { country: 'JP', tier: 'basic' },
            merchant: { id: 'm1', mcc: '5411' },
            at,
          });
        });
        const reference = new InMemoryFeatureStore();
        const score = async (featureStore: FeatureStore) => {
          const items = events.map((e) => ({
            eventId: e.event.eventId + run,
            accountId: e.event.accountId,
            at: eventTime(e),
            requests: requiredFeatures(ruleSet, e),
          }));
          const results = await featureStore.computeBatch(items);
          return events.map((e, i) => {
            const evaluation = evaluate(e, results[i]!.values, ruleSet, T0);
            return {
              score: evaluation.score,
              outcome: evaluation.outcome,
              reasons: evaluation.reasons,
              shadow: evaluation.shadowReasons,
            };
          });
        };
        const fromRedis = await score(store);
        const fromModel = await score(reference);
        expect(fromRedis).toEqual(fromModel);
        for (const r of fromRedis) for (const reason of r.reasons) rulesHit.add(reason.rule);
      }),
      { numRuns: 8 },
    );
    console.log('rules hit in model comparison:', [...rulesHit].sort().join(' '));
    expect(rulesHit.size).toBeGreaterThanOrEqual(5);
  });
});
