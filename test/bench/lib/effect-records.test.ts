import { describe, expect, it } from 'vitest';
import { settleEffects, type StoredEffects } from './effect-records.ts';

const notice = { incidentId: 'i-1', decisionId: 'd-block', kind: 'lock_notice', status: 'sent' };
const cause = { decisionId: 'd-block', kind: 'lock_notice', incidentId: 'i-1' };

describe('settleEffects', () => {
  it('waits for the case alerts too, not only the notices', async () => {
    // The notices settle at once; the block's alert only shows in the third reading.
    const readings: StoredEffects[] = [
      { alertDecisionIds: [], causes: [cause], notices: [notice] },
      { alertDecisionIds: ['d-review'], causes: [cause], notices: [notice] },
      { alertDecisionIds: ['d-review', 'd-block'], causes: [cause], notices: [notice] },
    ];
    let reads = 0;
    const settled = await settleEffects({
      read: () => Promise.resolve(readings[Math.min(reads++, readings.length - 1)]!),
      expectedAlerts: new Set(['d-review', 'd-block']),
      expectedNotices: 1,
      delivered: () => 1,
      timeoutMs: 10_000,
    });
    expect(reads).toBe(3);
    expect(settled.alertDecisionIds).toEqual(['d-review', 'd-block']);
  });

  it('returns the last reading when the time is up', async () => {
    let reads = 0;
    const settled = await settleEffects({
      read: () => {
        reads += 1;
        return Promise.resolve({ alertDecisionIds: [], causes: [cause], notices: [notice] });
      },
      expectedAlerts: new Set(['d-block']),
      expectedNotices: 1,
      delivered: () => 1,
      timeoutMs: 0,
    });
    // The reading at the start, and one more only when it took less than a millisecond.
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(2);
    expect(settled.alertDecisionIds).toEqual([]);
  });
});
