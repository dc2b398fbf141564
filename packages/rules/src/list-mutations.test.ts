import { describe, expect, it } from 'vitest';
import type { RiskFeedback } from '@vigil/events';
import { DEFAULT_FEEDBACK_POLICY, feedbackToListMutations } from './list-mutations.ts';

const feedback = (fields: Partial<RiskFeedback>): RiskFeedback => ({
  schemaVersion: 1,
  feedbackId: 'fb-1',
  accountId: 'acct-1',
  source: 'customer_verification',
  verdict: 'legit',
  occurredAt: '2026-11-24T00:00:00.000Z',
  ...fields,
});
const summary = (mutations: ReturnType<typeof feedbackToListMutations>) =>
  mutations.map((m) => `${m.op} ${m.list} ${m.entity} ${m.scope} ${m.value}`);

describe('feedbackToListMutations', () => {
  it('legit from the customer trusts the device for this account only', () => {
    const mutations = feedbackToListMutations(feedback({ deviceId: 'd-1' }), { ip: '192.0.2.1' });
    expect(summary(mutations)).toEqual(['add allow device account d-1']);
    expect(mutations[0]?.ttlMs).toBe(DEFAULT_FEEDBACK_POLICY.trustTtlMs);
    expect(mutations[0]?.key).toBe('v1:list:allow:device:{acct-1}:d-1');
  });

  it("legit from an agent's case resolution also lifts deny entries on the subject", () => {
    const mutations = feedbackToListMutations(feedback({ source: 'case_resolution' }), {
      deviceId: 'd-1',
      ip: '192.0.2.1',
      cardFingerprint: 'fp',
    });
    expect(summary(mutations)).toEqual([
      'add allow device account d-1',
      'remove deny device global d-1',
      'remove deny card global fp',
      'remove deny ip global 192.0.2.1',
    ]);
  });

  it('fraud deny-lists device, card and IP globally and revokes the device trust', () => {
    const mutations = feedbackToListMutations(
      feedback({ verdict: 'fraud', deviceId: 'd-1' }),
      { ip: '192.0.2.1', cardFingerprint: 'fp' },
      { trustTtlMs: 1, denyTtlMs: 42 },
    );
    expect(summary(mutations)).toEqual([
      'add deny device global d-1',
      'add deny card global fp',
      'add deny ip global 192.0.2.1',
      'remove allow device account d-1',
    ]);
    expect(mutations.filter((m) => m.op === 'add').every((m) => m.ttlMs === 42)).toBe(true);
    expect(mutations[0]?.key).toBe('v1:list:deny:device:{d-1}');
  });

  it('nothing known about the subject means nothing to change', () => {
    expect(feedbackToListMutations(feedback({ verdict: 'fraud' }))).toEqual([]);
    expect(feedbackToListMutations(feedback({}))).toEqual([]);
  });
});
