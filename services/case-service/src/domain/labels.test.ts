import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DisputeEvent } from '@vigil/events';
import {
  answerEvidence,
  disputeEvidence,
  effectiveLabel,
  resolutionEvidence,
  type LabelEvidence,
} from './labels.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 7, minute)).toISOString();

function evidence(
  source: LabelEvidence['source'],
  verdict: LabelEvidence['verdict'],
  minute: number,
  detail?: string,
): LabelEvidence {
  return {
    evidenceId: `${source}-${verdict}-${detail ?? ''}-${minute}`,
    accountId: 'acct-1',
    target: { decisionId: 'dec-1' },
    source,
    verdict,
    detail,
    occurredAt: at(minute),
  };
}

const dispute = (overrides: Partial<DisputeEvent> = {}): DisputeEvent => ({
  schemaVersion: 1,
  disputeId: 'dsp-1',
  accountId: 'acct-1',
  transactionId: 'tx-1',
  occurredAt: at(30),
  reasonFamily: 'fraud',
  amount: { minor: 12_500, currency: 'JPY' },
  status: 'lost',
  ...overrides,
});

describe('effectiveLabel precedence', () => {
  it('a lost fraud dispute beats an earlier and a later "it was me"', () => {
    const itWasMe = evidence('customer_answer', 'legit', 10);
    const lost = evidence('dispute', 'fraud', 20, 'lost');
    const laterItWasMe = evidence('customer_answer', 'legit', 50);
    expect(effectiveLabel([itWasMe, lost, laterItWasMe])).toMatchObject({
      verdict: 'fraud',
      source: 'dispute',
      evidenceId: lost.evidenceId,
      labelledAt: at(20),
    });
  });

  it("an agent's resolution beats the customer's answer, whichever came later", () => {
    const resolution = evidence('case_resolution', 'legit', 10);
    const notMe = evidence('customer_answer', 'fraud', 40);
    expect(effectiveLabel([notMe, resolution])?.verdict).toBe('legit');
  });

  it('an agent beats an opened dispute; the dispute, once lost, beats the agent', () => {
    const opened = evidence('dispute', 'fraud', 10, 'opened');
    const falsePositive = evidence('case_resolution', 'legit', 20);
    expect(effectiveLabel([opened, falsePositive])?.verdict).toBe('legit');
    const lost = evidence('dispute', 'fraud', 90, 'lost');
    expect(effectiveLabel([opened, falsePositive, lost])?.verdict).toBe('fraud');
  });

  it('an opened fraud dispute beats "it was me"; a won one makes the payment legit', () => {
    const itWasMe = evidence('customer_answer', 'legit', 10);
    const opened = evidence('dispute', 'fraud', 20, 'opened');
    expect(effectiveLabel([itWasMe, opened])?.verdict).toBe('fraud');
    const won = evidence('dispute', 'legit', 60, 'won');
    expect(effectiveLabel([itWasMe, opened, won])).toMatchObject({ verdict: 'legit' });
  });

  it('later beats earlier within a source', () => {
    const notMe = evidence('customer_answer', 'fraud', 10);
    const itWasMe = evidence('customer_answer', 'legit', 11);
    expect(effectiveLabel([itWasMe, notMe])?.verdict).toBe('legit');
    const confirmed = evidence('case_resolution', 'fraud', 30);
    const cleared = evidence('case_resolution', 'legit', 5);
    expect(effectiveLabel([confirmed, cleared])?.verdict).toBe('fraud');
  });

  it('is undefined without evidence and never depends on arrival order', () => {
    expect(effectiveLabel([])).toBeUndefined();
    const all = [
      evidence('customer_answer', 'legit', 1),
      evidence('customer_answer', 'fraud', 1),
      evidence('dispute', 'fraud', 2, 'opened'),
      evidence('case_resolution', 'legit', 3),
      evidence('case_resolution', 'fraud', 3),
    ];
    const expected = effectiveLabel(all);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length }), (shuffled) => {
        expect(effectiveLabel(shuffled)).toEqual(expected);
      }),
    );
  });
});

describe('evidence from inputs', () => {
  it('fraud disputes target the transaction: lost and opened → fraud, won → legit', () => {
    expect(disputeEvidence(dispute())).toMatchObject({
      evidenceId: 'dispute:dsp-1:lost',
      target: { transactionId: 'tx-1' },
      source: 'dispute',
      verdict: 'fraud',
      detail: 'lost',
    });
    expect(disputeEvidence(dispute({ status: 'opened' }))?.verdict).toBe('fraud');
    expect(disputeEvidence(dispute({ status: 'won' }))?.verdict).toBe('legit');
  });

  it('disputes of other families say nothing about fraud', () => {
    for (const reasonFamily of ['authorisation', 'processing', 'consumer_dispute'] as const)
      expect(disputeEvidence(dispute({ reasonFamily }))).toBeUndefined();
  });

  it('only customer answers about a decision are answers', () => {
    const feedback = {
      schemaVersion: 1 as const,
      feedbackId: 'fb-1',
      accountId: 'acct-1',
      source: 'customer_verification' as const,
      verdict: 'legit' as const,
      decisionId: 'dec-9',
      occurredAt: at(5),
    };
    expect(answerEvidence(feedback)).toMatchObject({
      evidenceId: 'answer:fb-1',
      target: { decisionId: 'dec-9' },
      source: 'customer_answer',
      verdict: 'legit',
    });
    expect(answerEvidence({ ...feedback, source: 'case_resolution' })).toBeUndefined();
    const { decisionId: _dropped, ...aboutNothing } = feedback;
    expect(answerEvidence(aboutNothing)).toBeUndefined();
  });

  it('a resolution labels every decision and disputed payment on the case; inconclusive none', () => {
    const targets = [{ decisionId: 'dec-1' }, { transactionId: 'tx-7' }];
    const input = { caseId: 'c-1', accountId: 'acct-1', resolvedAt: at(9), targets };
    expect(
      resolutionEvidence({ ...input, disposition: 'confirmed_fraud' }).map((e) => [
        e.evidenceId,
        e.verdict,
      ]),
    ).toEqual([
      ['case-resolution:c-1:dec-1', 'fraud'],
      ['case-resolution:c-1:tx:tx-7', 'fraud'],
    ]);
    expect(
      resolutionEvidence({ ...input, disposition: 'false_positive' }).map((e) => e.verdict),
    ).toEqual(['legit', 'legit']);
    expect(resolutionEvidence({ ...input, disposition: 'inconclusive' })).toEqual([]);
  });
});
