import { BENIGN_CHAINS, type BenignChain, type GroundTruth } from '../ground-truth.ts';
import type { EffectiveDecision } from './effective-outcomes.ts';
import { countRules, ranked, type RuleCount } from './rule-counts.ts';

/**
 * How a benign chain was decided, step by step. In event order a new phone's login is challenged
 * (new device) and the purchases after it are not; a trip's landing login is challenged (new
 * country). Scored out of order, the later steps take the first step's flags instead.
 */
export interface ChainQuality {
  chain: BenignChain;
  customers: number;
  /** The chain's first step per customer (the login) and how many were flagged. */
  firstSteps: number;
  firstStepsFlagged: number;
  /** Every later step (the payments) and how many were flagged, by which rules. */
  laterSteps: number;
  laterStepsFlagged: number;
  laterStepRules: RuleCount[];
}

/** Chain steps (measured, on the accounts the false-positive numbers cover) grouped per customer, first step by occurredAt. */
export function chainQuality(steps: readonly GroundTruth[], decided: (eventId: string) => EffectiveDecision | undefined): ChainQuality[] {
  return BENIGN_CHAINS.flatMap((chain): ChainQuality[] => {
    const byAccount = new Map<string, GroundTruth[]>();
    for (const s of steps) if (s.chain === chain) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s]);
    if (byAccount.size === 0) return [];
    const quality: ChainQuality = { chain, customers: byAccount.size, firstSteps: 0, firstStepsFlagged: 0, laterSteps: 0, laterStepsFlagged: 0, laterStepRules: [] };
    const rules = new Map<string, number>();
    for (const own of byAccount.values()) {
      own.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
      own.forEach((step, i) => {
        const effective = decided(step.eventId);
        const flagged = effective !== undefined && effective.outcome !== 'allow';
        if (i === 0) {
          quality.firstSteps++;
          if (flagged) quality.firstStepsFlagged++;
          return;
        }
        quality.laterSteps++;
        if (flagged) {
          quality.laterStepsFlagged++;
          countRules(rules, effective.flaggedBy);
        }
      });
    }
    quality.laterStepRules = ranked(rules);
    return [quality];
  });
}
