import type { RiskDecision, ScoredEvent } from '@vigil/events';
import type { Evaluation } from '../evaluate.ts';
import { attributeValue } from '../event-view.ts';
import { entityIdPart } from '../feature-keys.ts';
import type { FeatureRequest } from '../feature-request.ts';
import { recordsEvent } from '../feature-states.ts';
import type { RetroEntity, RetroHuntConfig } from '../retro-hunt-config.ts';
import type { RuleSet } from '../rule-set.ts';
import type {
  BelatedUse,
  EntityUse,
  EntityUseRecord,
  SweepRequest,
  TouchKind,
} from './event-memory.ts';
import { retroHuntFollowUp, type RetroTrigger } from './follow-up-decision.ts';

/** The rule id a sweep carries when fraud feedback, not a rule, found the entity bad. */
export const DENY_LIST_TRIGGER = 'deny-list';

// An IP, device, card or beneficiary is one of the event's attributes (a card by its
// fingerprint, a beneficiary by its id).
const entityValue = (scored: ScoredEvent, entity: RetroEntity) => attributeValue(scored, entity);

function touchKind(scored: ScoredEvent): TouchKind | undefined {
  if (scored.kind === 'login')
    return scored.event.outcome === 'success' ? 'login_success' : 'login_failure';
  return scored.kind === 'transaction' ? 'transaction' : undefined;
}

/**
 * The uses of IPs, devices, cards and beneficiaries this event makes that a retro-hunt may sweep.
 * `requests` (the event's feature requests, as planned) marks the uses whose entity state the
 * event writes (EntityUse.writesShared); without them none is marked (a replay in event-time
 * order, where no use is recorded after a later one).
 */
export function entityUses(
  ruleSet: RuleSet,
  scored: ScoredEvent,
  requests?: readonly FeatureRequest[],
): EntityUse[] {
  const retro = ruleSet.retroHunt;
  const kind = touchKind(scored);
  if (!retro || !kind) return [];
  return [...retro.entities].flatMap((entity) => {
    const value = entityValue(scored, entity);
    if (value === undefined) return [];
    const part = requests && entityIdPart(entity, value);
    const writesShared =
      part !== undefined && requests!.some((r) => recordsEvent(r.op) && r.id.includes(part));
    return [writesShared ? { entity, value, kind, writesShared } : { entity, value, kind }];
  });
}

/** One sweep and what found the entity bad. */
export interface PlannedSweep {
  request: SweepRequest;
  trigger: RetroTrigger;
}

/**
 * The sweeps a batch's decisions call for: every enforced hit of a trigger rule marks the event's
 * entity (its IP, device, card or beneficiary) bad, and the accounts that used it within the
 * trigger's lookback before get a follow-up. `origin` names the delivery, so a retried batch
 * claims the same accounts.
 */
export function triggeredSweeps(
  ruleSet: RuleSet,
  decided: readonly { event: ScoredEvent; evaluation: Evaluation; origin: string }[],
): { sweep: PlannedSweep; index: number }[] {
  const retro = ruleSet.retroHunt;
  if (!retro) return [];
  return decided.flatMap(({ event, evaluation, origin }, index) =>
    evaluation.reasons.flatMap((reason) => {
      const trigger = retro.triggers.get(reason.rule);
      const value = trigger && entityValue(event, trigger.entity);
      if (!trigger || value === undefined) return [];
      const at = Date.parse(event.event.occurredAt);
      return [
        {
          index,
          sweep: {
            request: {
              entity: trigger.entity,
              value,
              rule: reason.rule,
              since: at - trigger.lookbackMs,
              until: at,
              exclude: event.event.accountId,
              origin: `${origin}#${reason.rule}`,
              finding: reason.message,
            },
            trigger: {
              rule: reason.rule,
              entity: { type: trigger.entity, value },
              at,
              finding: reason.message,
            },
          },
        },
      ];
    }),
  );
}

/**
 * Sweeps for uses an event made of entities already swept past its time (RecordResult.belated):
 * each for the event's account alone, over the range the sweep that claims it in order looked
 * at, citing the entity's first finding. `origin` names the delivery, so a retried batch gets the
 * same claim back.
 */
export function belatedSweeps(
  accountId: string,
  origin: string,
  belated: readonly BelatedUse[],
): PlannedSweep[] {
  return belated.map(({ entity, value, rule, since, until, finding }) => ({
    request: {
      entity,
      value,
      rule,
      since,
      until,
      account: accountId,
      origin: `${origin}#late-use#${rule}#${entity}`,
    },
    trigger: { rule, entity: { type: entity, value }, at: until, finding },
  }));
}

/** Sweeps for entities fraud feedback deny-listed (each entity the deny list is configured for). */
export function denyListSweeps(
  retro: RetroHuntConfig | undefined,
  denied: readonly {
    entity: RetroEntity;
    value: string;
    accountId: string;
    at: number;
    origin: string;
  }[],
): PlannedSweep[] {
  if (!retro?.denyList) return [];
  const { entities, lookbackMs } = retro.denyList;
  return denied
    .filter(({ entity }) => entities.includes(entity))
    .map(({ entity, value, accountId, at, origin }) => ({
      request: {
        entity,
        value,
        rule: DENY_LIST_TRIGGER,
        since: at - lookbackMs,
        until: at,
        exclude: accountId,
        origin: `${origin}#${entity}`,
        finding: `confirmed fraudulent by feedback on account ${accountId}`,
      },
      trigger: {
        rule: DENY_LIST_TRIGGER,
        entity: { type: entity, value },
        at,
        finding: `confirmed fraudulent by feedback on account ${accountId}`,
      },
    }));
}

/** The follow-up decisions for what the sweeps found. */
export function retroFollowUps(
  retro: RetroHuntConfig,
  ruleSetVersion: string,
  sweeps: readonly PlannedSweep[],
  found: readonly (readonly EntityUseRecord[])[],
  now: number,
): { decision: RiskDecision; sweep: number }[] {
  const policy = { touched: retro.touched, signedIn: retro.signedIn, ruleSetVersion };
  return sweeps.flatMap(({ trigger }, sweep) =>
    (found[sweep] ?? []).map((use) => ({
      decision: retroHuntFollowUp(use, trigger, policy, now),
      sweep,
    })),
  );
}
