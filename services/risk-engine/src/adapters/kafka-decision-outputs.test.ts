import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbRiskDecision, DECISION_OUTCOME_HEADER } from '@vigil/events';
import { decisionOutputs } from './kafka-decision-outputs.ts';
import { withoutCase } from './kafka-case-raiser.ts';

describe('decision outputs', () => {
  it('carry each decision’s outcome as a header, which the case raiser passes over only for allow and challenge', () => {
    fc.assert(
      fc.property(fc.array(arbRiskDecision, { maxLength: 5 }), (decisions) => {
        const [out] = decisionOutputs({ decisions: 'd', accountCommands: 'c' })({
          decisions,
          commands: [],
        });
        expect(out!.topic).toBe('d');
        out!.messages.forEach((message, i) => {
          const outcome = decisions[i]!.outcome;
          expect(message.headers?.[DECISION_OUTCOME_HEADER]).toBe(outcome);
          expect(withoutCase(message.headers ?? {})).toBe(
            outcome === 'allow' || outcome === 'challenge',
          );
        });
      }),
    );
  });
});
