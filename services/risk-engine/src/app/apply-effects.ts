import type { AccountCommand, RiskDecision, ScoredEvent } from '@vigil/events';
import type { Evaluation } from '@vigil/rules';
import { planEffects, type EffectsPlan } from '../domain/effects-plan.ts';
import type { RiskEngineMetrics } from '../metrics.ts';
import type { CaseGateway, DecisionSubject, DecisionSubjectStore, LockLedger } from './ports.ts';
import { raiseCaseCounted } from './raise-cases.ts';

export interface EffectsDeps {
  subjects: DecisionSubjectStore;
  locks: LockLedger;
  /**
   * CASE_RAISING=inline: review and block decisions raise their case through this before their
   * batch publishes. Undefined when the case raiser raises them from the decisions topic instead.
   */
  inlineCases: CaseGateway | undefined;
  metrics: RiskEngineMetrics;
}

/** A decision to apply and what it was about. */
export interface EffectInput {
  decision: RiskDecision;
  /** The event it decides (a retro-hunt follow-up has none: its subject is in the decision). */
  event?: ScoredEvent;
  /** Temporary login locks its rules asked for (none for follow-ups). */
  temporaryLocks: Evaluation['temporaryLocks'];
}

export interface AppliedEffects {
  /** The account commands each decision publishes with it (same index as the decisions). */
  commands: AccountCommand[][];
  /** Counts decision i's commands once its transaction committed. */
  count(i: number): void;
}

function subjectOf(decision: RiskDecision, scored: ScoredEvent | undefined): DecisionSubject {
  return {
    decisionId: decision.decisionId,
    accountId: decision.accountId,
    deviceId: scored ? scored.event.device?.id : decision.subject.deviceId,
    ip: scored ? scored.event.ip : decision.subject.ip,
    cardFingerprint: scored?.kind === 'transaction' ? scored.event.card?.fingerprint : undefined,
  };
}

/** RaiseCase for each planned case, all at once; the first failure fails the batch (it is retried). */
async function raiseInline(
  cases: CaseGateway,
  metrics: RiskEngineMetrics,
  plans: readonly EffectsPlan[],
): Promise<void> {
  await Promise.all(
    plans
      .filter((plan) => plan.raiseCase)
      .map(({ decision }) => raiseCaseCounted(cases, metrics, decision)),
  );
}

/**
 * Everything a batch's decisions cause before they are published, each idempotent on the
 * decision so a retried batch repeats it harmlessly: subjects of flagged decisions kept for
 * feedback, inline only: cases raised for review and block (case-service dedupes on decisionId;
 * an outage throws and the batch is retried), and lock commands — an account already locked by
 * an earlier block within the hold is not locked again; timed brute-force locks are never held
 * back. From the decisions topic, cases are raised after publication (raise-cases.ts).
 */
export async function applyEffects(
  deps: EffectsDeps,
  inputs: readonly EffectInput[],
): Promise<AppliedEffects> {
  const { metrics } = deps;
  const plans = inputs.map(({ decision, temporaryLocks }) => planEffects(decision, temporaryLocks));
  const flagged = inputs.flatMap(({ event, decision }) =>
    decision.outcome === 'allow' ? [] : [subjectOf(decision, event)],
  );
  const locking = plans.filter((plan) => plan.lockCommand !== undefined);
  // Independent and each idempotent on the decision: one round trip's wait instead of three.
  const [claimed] = await Promise.all([
    deps.locks.claim(
      locking.map(({ decision }) => ({
        accountId: decision.accountId,
        decisionId: decision.decisionId,
      })),
    ),
    flagged.length > 0 ? deps.subjects.remember(flagged) : undefined,
    deps.inlineCases ? raiseInline(deps.inlineCases, metrics, plans) : undefined,
  ]);
  const commands = plans.map((plan) => {
    const lock =
      plan.lockCommand && claimed.has(plan.decision.decisionId) ? [plan.lockCommand] : [];
    return [...lock, ...plan.temporaryLockCommands];
  });
  return {
    commands,
    count(i) {
      const plan = plans[i]!;
      if (plan.lockCommand) {
        if (claimed.has(plan.decision.decisionId))
          metrics.lockCommands.inc({ kind: 'until_unlock' });
        else metrics.lockCommandsSuppressed.inc();
      }
      metrics.lockCommands.inc({ kind: 'timed' }, plan.temporaryLockCommands.length);
    },
  };
}
