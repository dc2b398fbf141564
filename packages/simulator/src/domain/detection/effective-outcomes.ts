import {
  DECISION_OUTCOMES,
  FOLLOW_UP_KINDS,
  type DecisionOutcome,
  type FollowUpKind,
  type RiskDecision,
} from '@vigil/events';

/**
 * The part of a decision the report needs. `reasons` (enforced rules) say which rules flagged it;
 * `accountId` and `occurredAt` place it in its account's event order (inversions); `followUp`
 * marks a follow-up decision, which counts for `followUp.eventId` (the earlier activity it
 * revisits), never as a decision of its own. A RiskDecision is one.
 */
export type DecisionView = Pick<RiskDecision, 'eventId' | 'outcome'> & {
  /** Tells a decision read again (same id) from a second decision about the same event. */
  decisionId?: string;
  reasons?: readonly { rule: string }[];
  accountId?: string;
  occurredAt?: string;
  followUp?: { kind: FollowUpKind; eventId: string; triggeredAt?: string };
};

const RANK: Record<DecisionOutcome, number> = Object.fromEntries(
  DECISION_OUTCOMES.map((o, i) => [o, i]),
) as Record<DecisionOutcome, number>;

/** allow < challenge < review < block. */
export function moreSevere(a: DecisionOutcome, b: DecisionOutcome): DecisionOutcome {
  return RANK[b] > RANK[a] ? b : a;
}

/** One event's verdict once follow-ups are counted: the most severe of its decision and its follow-ups. */
export interface EffectiveDecision {
  eventId: string;
  outcome: DecisionOutcome;
  /** The event's own decision (the first one, when there were duplicates). */
  own: DecisionView | undefined;
  /** Follow-ups about the event, in the order they were read. */
  followUps: DecisionView[];
  /** Flagged, but its own decision was allow (or missing): only a follow-up flagged it. */
  flaggedByFollowUpOnly: boolean;
  /** Decisions behind the effective outcome when it is not allow: its own if flagged, and every flagging follow-up. */
  flaggedBy: DecisionView[];
}

export interface FollowUpTally {
  total: number;
  byKind: Record<FollowUpKind, number>;
  /** Distinct events revisited. */
  events: number;
  /**
   * Follow-ups more severe than their event's own decision and than every follow-up about it
   * triggered before them (by trigger time, then eventId): independent of the order they are read
   * in, which differs between partitions of the decisions topic.
   */
  raised: number;
  /** Follow-ups about an event with no decision of its own in the set. */
  withoutOriginal: number;
}

export interface EffectiveOutcomes {
  byEvent: Map<string, EffectiveDecision>;
  /**
   * Second decisions (originals or follow-ups) about an eventId already decided, with another
   * decisionId or outcome: the first counts. Never right, whatever the publishing mode.
   */
  duplicates: number;
  /**
   * A decision read again: its decisionId and outcome already read. An at-least-once publisher
   * repeats what it published after its last offset commit when it crashes or loses its
   * partitions, and readers dedupe on decisionId; under exactly-once there are none.
   */
  repeatedDeliveries: number;
  followUps: FollowUpTally;
}

const byTrigger = (a: DecisionView, b: DecisionView) => {
  const [x, y] = [a.followUp?.triggeredAt ?? '', b.followUp?.triggeredAt ?? ''];
  if (x !== y) return x < y ? -1 : 1;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
};

/** Folds decisions (in the order they were read) into each event's effective outcome. */
export function effectiveOutcomes(decisions: Iterable<DecisionView>): EffectiveOutcomes {
  const byEvent = new Map<string, EffectiveDecision>();
  const seen = new Map<string, DecisionView>();
  const followUps: FollowUpTally = {
    total: 0,
    byKind: Object.fromEntries(FOLLOW_UP_KINDS.map((k) => [k, 0])) as Record<FollowUpKind, number>,
    events: 0,
    raised: 0,
    withoutOriginal: 0,
  };
  let duplicates = 0;
  let repeatedDeliveries = 0;
  const entry = (eventId: string): EffectiveDecision => {
    let found = byEvent.get(eventId);
    if (found === undefined) {
      found = {
        eventId,
        outcome: 'allow',
        own: undefined,
        followUps: [],
        flaggedByFollowUpOnly: false,
        flaggedBy: [],
      };
      byEvent.set(eventId, found);
    }
    return found;
  };
  for (const d of decisions) {
    const first = seen.get(d.eventId);
    if (first !== undefined) {
      const repeated =
        d.decisionId !== undefined &&
        d.decisionId === first.decisionId &&
        d.outcome === first.outcome;
      if (repeated) repeatedDeliveries++;
      else duplicates++;
      continue;
    }
    seen.set(d.eventId, d);
    const target = entry(d.followUp?.eventId ?? d.eventId);
    if (d.followUp === undefined) target.own = d;
    else {
      followUps.total++;
      followUps.byKind[d.followUp.kind]++;
      target.followUps.push(d);
    }
    target.outcome = moreSevere(target.outcome, d.outcome);
    if (d.outcome !== 'allow') target.flaggedBy.push(d);
  }
  for (const e of byEvent.values()) {
    e.flaggedByFollowUpOnly =
      e.outcome !== 'allow' && (e.own === undefined || e.own.outcome === 'allow');
    if (e.followUps.length > 0) {
      followUps.events++;
      let standing: DecisionOutcome = e.own?.outcome ?? 'allow';
      for (const f of [...e.followUps].sort(byTrigger)) {
        if (moreSevere(standing, f.outcome) !== standing) followUps.raised++;
        standing = moreSevere(standing, f.outcome);
      }
      if (e.own === undefined) followUps.withoutOriginal += e.followUps.length;
    }
  }
  return { byEvent, duplicates, repeatedDeliveries, followUps };
}
