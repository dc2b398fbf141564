import type { AccountCommand, RiskDecision } from '@vigil/events';
import type { TemporaryLock } from '@vigil/rules';

/** What one decision causes besides its own publication on risk.decisions.v1. */
export interface EffectsPlan {
  decision: RiskDecision;
  /** Raise (or attach to the account's open) case; case-service derives severity from score and outcome. */
  raiseCase: boolean;
  lockCommand: AccountCommand | undefined;
  /** Timed locks asked by rules (login brute force), one per scope; none when the decision blocks. */
  temporaryLockCommands: AccountCommand[];
}

function lockReason(decision: RiskDecision): string {
  const rules = decision.reasons.map((reason) => reason.rule).join(', ');
  return `risk decision ${decision.outcome} (score ${decision.score}): ${rules || 'forced outcome'}`.slice(
    0,
    512,
  );
}

/**
 * One command per scope (the whole account, or the account from one IP), holding the longest
 * lock any rule asked for; the id derives from the decision and scope, so a replay re-sends the
 * same command. Expiry counts from the decision time: the lock is about what happened now.
 */
function temporaryLockCommands(
  decision: RiskDecision,
  locks: readonly TemporaryLock[],
): AccountCommand[] {
  const longest = new Map<string, TemporaryLock>();
  for (const lock of locks) {
    // A per-IP lock never widens to the whole account (that would lock the owner out too).
    if (lock.scope === 'account_ip' && lock.ip === undefined) continue;
    const scope = lock.scope === 'account_ip' ? `ip:${lock.ip}` : 'account';
    const current = longest.get(scope);
    if (!current || lock.durationMs > current.durationMs) longest.set(scope, lock);
  }
  const decidedAt = Date.parse(decision.decidedAt);
  return [...longest].map(([scope, lock]) => ({
    schemaVersion: 1,
    commandId: `cmd-tlock-${scope === 'account' ? 'account' : 'ip'}-${decision.decisionId}`.slice(
      0,
      128,
    ),
    accountId: decision.accountId,
    action: 'lock',
    reason: `temporary lock by ${lock.rule} for ${Math.round(lock.durationMs / 1000)} s`.slice(
      0,
      512,
    ),
    decisionId: decision.decisionId,
    issuedAt: decision.decidedAt,
    issuedBy: 'risk-engine',
    expiresAt: new Date(decidedAt + lock.durationMs).toISOString(),
    ...(scope === 'account' ? {} : { ip: lock.ip }),
  }));
}

/**
 * Whether a decision raises (or attaches to the account's open) case at case-service: review and
 * block, follow-ups included. Inline or from the decisions topic, both paths ask this.
 */
export function raisesCase(decision: RiskDecision): boolean {
  return decision.outcome === 'review' || decision.outcome === 'block';
}

/**
 * allow → publish only; challenge → publish (the notifier asks the customer); review → case;
 * block → case + lock command. Rules' temporary locks become timed lock commands unless the
 * decision already locks the account for good. The command id derives from the decision id so
 * a replay of the same event can only ever produce the same command.
 */
export function planEffects(
  decision: RiskDecision,
  temporaryLocks: readonly TemporaryLock[] = [],
): EffectsPlan {
  if (decision.outcome === 'block') {
    return {
      decision,
      raiseCase: raisesCase(decision),
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
      temporaryLockCommands: [],
    };
  }
  return {
    decision,
    raiseCase: raisesCase(decision),
    lockCommand: undefined,
    temporaryLockCommands: temporaryLockCommands(decision, temporaryLocks),
  };
}
