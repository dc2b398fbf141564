import { describe, expect, it } from 'vitest';
import { accountCommand, riskFeedback } from '@vigil/events';
import { planAnswerEffects } from './verification-answer.ts';

const request = {
  notificationId: 'n-1',
  decisionId: 'dec-1',
  accountId: 'acc-1',
  deviceId: 'dev-1',
  alsoCovers: ['dec-1'],
};
const at = '2026-11-24T08:00:00.000Z';

describe('planAnswerEffects', () => {
  it('"yes" is legit feedback naming the device and no lock', () => {
    const effects = planAnswerEffects(request, 'yes', at);
    expect(effects.feedback).toHaveLength(1);
    expect(riskFeedback.parse(effects.feedback[0])).toEqual({
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
    expect(effects.feedback.map((f) => f.verdict)).toEqual(['fraud']);
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

  it('an answer to a request that gathered an incident is about every decision it covered', () => {
    const gathered = { ...request, alsoCovers: ['dec-0', 'dec-1', 'dec-2'] };
    const effects = planAnswerEffects(gathered, 'no', at);
    const feedback = effects.feedback.map((f) => riskFeedback.parse(f));
    expect(feedback.map((f) => [f.decisionId, f.verdict, f.deviceId])).toEqual([
      ['dec-1', 'fraud', 'dev-1'],
      ['dec-0', 'fraud', undefined],
      ['dec-2', 'fraud', undefined],
    ]);
    // One id per (request, decision), whatever else the request covers on a later try.
    const ids = feedback.map((f) => f.feedbackId);
    expect(new Set(ids).size).toBe(3);
    const later = planAnswerEffects({ ...request, alsoCovers: ['dec-2', 'dec-3'] }, 'no', at);
    expect(later.feedback.find((f) => f.decisionId === 'dec-2')?.feedbackId).toBe(ids[2]);
    // Still one lock command, for the request's own decision.
    expect(effects.lockCommand?.decisionId).toBe('dec-1');
  });
});
