import type { RiskDecision } from '@vigil/events';
import type { CaseGateway } from '@vigil/risk-engine/src/app/ports.ts';

/**
 * case-service slowed (a loaded database, a far region): every RaiseCase waits `delayMs`, then
 * goes to the real case-service. 0 passes calls straight through.
 */
export function delayedCases(next: CaseGateway, delayMs: number): CaseGateway {
  if (delayMs === 0) return next;
  return {
    raiseCase: async (decision: RiskDecision) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return next.raiseCase(decision);
    },
  };
}
