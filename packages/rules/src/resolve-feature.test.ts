import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from './feature-spec.ts';
import { resolveFeature } from './resolve-feature.ts';
import { T0, tx } from './test-helpers.ts';

const counter = (windowMs: number, bucketMs: number, extra: Partial<FeatureSpec> = {}) =>
  ({
    kind: 'counter',
    dimension: 'account',
    measure: 'count',
    windowMs,
    bucketMs,
    filter: {},
    ...extra,
  }) as FeatureSpec;

describe('resolveFeature: shared state of an entity', () => {
  const event = tx({ accountId: 'acct:1', amount: { minor: 500, currency: 'JPY' } });

  it('gives every counter of one entity the same group key, and its spec hash as field', () => {
    const minute = resolveFeature(counter(60_000, 5_000), event, T0)!;
    const hour = resolveFeature(counter(3_600_000, 300_000), event, T0)!;
    expect(minute.group).toEqual({
      key: 'v1:ctrs:{acct%3A1}:account',
      field: minute.id.split(':')[4],
    });
    expect(hour.group?.key).toBe(minute.group?.key);
    expect(hour.group?.field).not.toBe(minute.group?.field);
    // The id stays the feature's own: the group key is the id without the spec hash.
    expect(minute.id).toBe(`v1:ctr:{acct%3A1}:account:${minute.group?.field}`);
  });

  it('keeps amounts apart per currency and per entity parts', () => {
    const amount = resolveFeature(counter(3_600_000, 300_000, { measure: 'amount' }), event, T0)!;
    expect(amount.group?.key).toBe('v1:ctrs:{acct%3A1}:account:JPY');
    const perMerchant = resolveFeature(
      counter(120_000, 10_000, { dimension: 'account_merchant_amount' }),
      tx({
        accountId: 'a',
        merchant: { id: 'm-1', mcc: '5411' },
        amount: { minor: 500, currency: 'JPY' },
      }),
      T0,
    )!;
    expect(perMerchant.group?.key).toBe('v1:ctrs:{a}:account_merchant_amount:m-1:500JPY');
  });

  it('leaves other kinds of feature on their own state', () => {
    const seen: FeatureSpec = {
      kind: 'seen_before',
      dimension: 'account',
      of: 'device',
      lookbackMs: 86_400_000,
      filter: {},
    };
    const request = resolveFeature(seen, tx({ device: { id: 'd-1' } }), T0)!;
    expect(request.group).toBeUndefined();
  });
});
