import { describe, expect, it } from 'vitest';
import { checkEffects, effectFailures, type EffectRecords } from './effects-check.ts';

const flagged = new Map([
  ['d-challenge', 'challenge'],
  ['d-challenge-2', 'challenge'],
  ['d-review', 'review'],
  ['d-block', 'block'],
] as const);

// One incident: two challenges under one "was this you?", then the block's lock notice.
const complete: EffectRecords = {
  flagged,
  alertDecisionIds: ['d-review', 'd-block'],
  causes: [
    { decisionId: 'd-challenge', kind: 'verification_request', incidentId: 'i-1' },
    { decisionId: 'd-challenge-2', kind: 'verification_request', incidentId: 'i-1' },
    { decisionId: 'd-block', kind: 'lock_notice', incidentId: 'i-1' },
  ],
  notices: [
    { incidentId: 'i-1', decisionId: 'd-challenge', kind: 'verification_request', status: 'sent' },
    { incidentId: 'i-1', decisionId: 'd-block', kind: 'lock_notice', status: 'suppressed' },
  ],
  delivered: 1,
};

describe('checkEffects', () => {
  it("passes when every review/block has its alert and every challenge/block is covered by its incident's one notice", () => {
    const check = checkEffects(complete);
    expect(check).toMatchObject({
      casesExpected: 2,
      casesMissing: 0,
      casesUnexpected: 0,
      verificationsExpected: 2,
      verificationsMissing: 0,
      lockNoticesExpected: 1,
      noticeStatuses: { sent: 1, suppressed: 1 },
      sentVersusDelivered: 0,
    });
    expect(effectFailures(check)).toEqual([]);
  });

  it('names what is missing, doubled or unexpected', () => {
    const check = checkEffects({
      flagged,
      alertDecisionIds: ['d-block', 'd-stray'],
      causes: [
        { decisionId: 'd-challenge', kind: 'verification_request', incidentId: 'i-1' },
        { decisionId: 'd-challenge-2', kind: 'verification_request', incidentId: 'i-1' },
        { decisionId: 'd-review', kind: 'lock_notice', incidentId: 'i-1' },
      ],
      notices: [
        {
          incidentId: 'i-1',
          decisionId: 'd-challenge',
          kind: 'verification_request',
          status: 'sent',
        },
        {
          incidentId: 'i-1',
          decisionId: 'd-challenge-2',
          kind: 'verification_request',
          status: 'pending',
        },
        { incidentId: 'i-1', decisionId: 'd-review', kind: 'lock_notice', status: 'sent' },
      ],
      delivered: 3,
    });
    expect(effectFailures(check)).toEqual([
      '1 review/block decisions without a case alert',
      '1 case alerts for no review/block decision (or twice)',
      '2 challenge decisions whose incident got more than one verification request',
      '1 block decisions no lock notice covers',
      '1 notices for a decision never read',
      '1 notices still pending at the end',
      '-1 sent notices − notices the sinks received',
    ]);
  });
});
