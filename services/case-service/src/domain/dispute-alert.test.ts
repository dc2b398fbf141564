import { describe, expect, it } from 'vitest';
import type { DisputeEvent } from '@vigil/events';
import { severityFor } from './severity.ts';
import { DISPUTE_FRAUD_REASON, disputeAlert } from './dispute-alert.ts';

const now = new Date('2026-11-30T10:00:00.000Z');
const dispute: DisputeEvent = {
  schemaVersion: 1,
  disputeId: 'dsp-7',
  accountId: 'acct-7',
  transactionId: 'tx-7',
  occurredAt: '2026-11-29T08:00:00.000Z',
  reasonFamily: 'fraud',
  amount: { minor: 48_000, currency: 'JPY' },
  status: 'opened',
};

describe('disputeAlert', () => {
  it('files an opened fraud dispute as a high-severity alert keyed by disputeId', () => {
    const alert = disputeAlert(dispute, now);
    expect(alert).toMatchObject({
      decisionId: 'dispute:dsp-7',
      eventId: 'dsp-7',
      accountId: 'acct-7',
      outcome: 'review',
      reasons: [{ rule: DISPUTE_FRAUD_REASON, observed: '48000 JPY' }],
      subject: { transactionId: 'tx-7' },
      decidedAt: now.toISOString(),
    });
    expect(severityFor(alert!.score, alert!.outcome)).toBe('high');
    // The same dispute lost later is the same alert (RaiseCase is idempotent on the key).
    expect(disputeAlert({ ...dispute, status: 'lost' }, now)?.decisionId).toBe('dispute:dsp-7');
  });

  it('files nothing for a won dispute or a dispute that is not about fraud', () => {
    expect(disputeAlert({ ...dispute, status: 'won' }, now)).toBeUndefined();
    expect(disputeAlert({ ...dispute, reasonFamily: 'processing' }, now)).toBeUndefined();
  });
});
