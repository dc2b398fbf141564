import { describe, expect, it } from 'vitest';
import { accountCommand, riskFeedback } from '@vigil/events';
import { planAnswerEffects } from './verification-answer.ts';

const request = { notificationId: 'n-1', decisionId: 'dec-1', accountId: 'acc-1', deviceId: 'dev-1' };
const at = '2026-11-24T08:00:00.000Z';

describe('planAnswerEffects', () => {
  it('"yes" is legit feedback naming the device and no lock', () => {
    const effects = planAnswerEffects(request, 'yes', at);
    expect(riskFeedback.parse(effects.feedback)).toEqual({
      schemaVersion: 1,
      feedbackId: 'fb-verify-n-1',
      accountId: 'acc-1',
      source: 'customer_verification',
      verdict: 'legit',
      decisionId: 'dec-1',
      deviceId: 'dev-1',
      occurredAt: at,
    });
    expect(effects.lockCommand).toBeUndefined();
  });

  it('"no" is fraud feedback plus a lock command issued by customer-verification', () => {
    const effects = planAnswerEffects(request, 'no', at);
    expect(effects.feedback.verdict).toBe('fraud');
    expect(accountCommand.parse(effects.lockCommand)).toMatchObject({
      commandId: 'cmd-lock-verify-n-1',
      accountId: 'acc-1',
      action: 'lock',
      decisionId: 'dec-1',
      issuedBy: 'customer-verification',
      issuedAt: at,
    });
  });

  it('derives the same ids every time, so a replayed publish is recognisable', () => {
    expect(planAnswerEffects(request, 'no', at)).toEqual(planAnswerEffects(request, 'no', at));
  });
});
