import type { AccountCommand, RiskDecision } from '@vigil/events';

/** What one decision causes besides its own publication on risk.decisions.v1. */
export interface EffectsPlan {
  decision: RiskDecision;
  /** Raise (or attach to the account's open) case; case-service derives severity from score and outcome. */
  raiseCase: boolean;
  lockCommand: AccountCommand | undefined;
}

function lockReason(decision: RiskDecision): string {
  const rules = decision.reasons.map((reason) => reason.rule).join(', ');
  return `risk decision ${decision.outcome} (score ${decision.score}): ${rules || 'forced outcome'}`.slice(0, 512);
}

/**
 * allow → publish only; challenge → publish (the notifier asks the customer); review → case;
 * block → case + lock command. The command id derives from the decision id so a replay of the
 * same event can only ever produce the same command.
 */
export function planEffects(decision: RiskDecision): EffectsPlan {
  switch (decision.outcome) {
    case 'allow':
    case 'challenge':
      return { decision, raiseCase: false, lockCommand: undefined };
    case 'review':
      return { decision, raiseCase: true, lockCommand: undefined };
    case 'block':
      return {
        decision,
        raiseCase: true,
        lockCommand: {
          schemaVersion: 1,
          commandId: `cmd-lock-${decision.decisionId}`.slice(0, 128),
          accountId: decision.accountId,
          action: 'lock',
          reason: lockReason(decision),
          decisionId: decision.decisionId,
          issuedAt: decision.decidedAt,
          issuedBy: 'risk-engine',
        },
      };
  }
}
