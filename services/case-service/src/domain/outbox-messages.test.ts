import { accountCommand, riskFeedback } from '@vigil/events';
import { describe, expect, it } from 'vitest';
import { resolutionMessages, type ResolutionContext } from './outbox-messages.ts';

const base: ResolutionContext = {
  caseId: 'c-1',
  accountId: 'acct-1',
  disposition: 'false_positive',
  resolvedBy: 'agent-ann',
  resolvedAt: '2026-11-24T07:00:00.000Z',
  latestAlert: { decisionId: 'dec-9', deviceId: 'dev-9' },
};

describe('resolutionMessages', () => {
  it('emits legit feedback and an unlock for a false positive, with ids derived from the case', () => {
    const [feedback, unlock, ...rest] = resolutionMessages(base);
    expect(rest).toEqual([]);
    expect(feedback).toMatchObject({
      kind: 'risk_feedback',
      messageId: 'case-resolution:c-1',
      key: 'acct-1',
    });
    expect(riskFeedback.parse(feedback?.payload)).toMatchObject({
      verdict: 'legit',
      decisionId: 'dec-9',
      deviceId: 'dev-9',
      source: 'case_resolution',
    });
    expect(unlock).toMatchObject({ kind: 'account_command', messageId: 'case-unlock:c-1' });
    expect(accountCommand.parse(unlock?.payload)).toMatchObject({
      action: 'unlock',
      caseId: 'c-1',
      issuedBy: 'agent-ann',
    });
  });

  it('emits fraud feedback only for confirmed fraud, and nothing for inconclusive', () => {
    const fraud = resolutionMessages({
      ...base,
      disposition: 'confirmed_fraud',
      latestAlert: undefined,
    });
    expect(fraud.map((m) => m.kind)).toEqual(['risk_feedback']);
    expect(fraud[0]?.payload).not.toHaveProperty('decisionId');
    expect(resolutionMessages({ ...base, disposition: 'inconclusive' })).toEqual([]);
  });

  it('is deterministic, so a retried resolution writes the same records', () => {
    expect(resolutionMessages(base)).toEqual(resolutionMessages(base));
  });
});
