import { describe, expect, it } from 'vitest';
import { featureSubsets } from './feature-subsets.ts';
import type { FeatureSpec } from './feature-spec.ts';
import { change, login, tx } from './test-helpers.ts';

const seenDevice: FeatureSpec = {
  kind: 'seen_before',
  dimension: 'account',
  of: 'device',
  lookbackMs: 1,
  filter: { kinds: ['transaction'], txStatus: 'approved' },
};
const failures: FeatureSpec = {
  kind: 'counter',
  dimension: 'account',
  measure: 'count',
  windowMs: 60_000,
  bucketMs: 60_000,
  filter: { kinds: ['login'], loginOutcome: 'failure' },
};
const trusted: FeatureSpec = { kind: 'list', list: 'allow', entity: 'device', scope: 'account' };

describe('featureSubsets', () => {
  const subset = featureSubsets({ seenDevice, failures, trusted });
  const none = new Set<string>();

  it('an event gets the features it records into, and those read for it', () => {
    expect(subset(tx(), none)).toEqual({ seenDevice });
    expect(subset(tx({ status: 'declined' }), none)).toEqual({});
    expect(subset(login({ outcome: 'failure', failureReason: 'bad_password' }), none)).toEqual({
      failures,
    });
    expect(subset(change(), new Set(['trusted', 'failures']))).toEqual({ failures, trusted });
  });

  it('one object per combination', () => {
    expect(subset(tx(), none)).toBe(subset(tx({ at: 5 }), none));
  });
});
