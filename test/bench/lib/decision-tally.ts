import { DECISION_OUTCOMES, type DecisionOutcome } from '@vigil/events';

/** What the correctness checks need of the decisions read back (read_committed). */
export interface DecisionTally {
  /** Decisions of produced events (no followUp), by outcome. */
  outcomes: Record<DecisionOutcome, number>;
  /** Follow-up decisions (decision.followUp set): the engine revisiting an earlier event. */
  followUps: number;
  /** The same, by followUp.kind (late_event, retro_hunt). */
  followUpKinds: Record<string, number>;
  /** Follow-up decisions read for a follow-up eventId already seen (must stay 0). */
  duplicateFollowUps: number;
  /** decisionId → outcome of every challenge, review and block decision, follow-ups included. */
  flagged: Map<string, Exclude<DecisionOutcome, 'allow'>>;
  /** Decision records read, of any kind: the achieved decision rate is its growth over time. */
  read: number;
  /** Records that were not a decision (no eventId/decisionId/outcome): must stay 0. */
  unreadable: number;
}

export function emptyTally(): DecisionTally {
  return {
    outcomes: Object.fromEntries(DECISION_OUTCOMES.map((o) => [o, 0])) as Record<
      DecisionOutcome,
      number
    >,
    followUps: 0,
    followUpKinds: {},
    duplicateFollowUps: 0,
    flagged: new Map(),
    read: 0,
    unreadable: 0,
  };
}

const isOutcome = (value: unknown): value is DecisionOutcome =>
  (DECISION_OUTCOMES as readonly unknown[]).includes(value);

/** The eventId a produced event's decision is matched by; undefined for a follow-up. */
export function originalEventId(value: Record<string, unknown>): string | undefined {
  return value.followUp === undefined && typeof value.eventId === 'string'
    ? value.eventId
    : undefined;
}

/**
 * Counts one decision record (a light shape check, not the zod schema: the reader keeps up with
 * thousands per second on the harness's thread). `followUpIds` remembers follow-ups' eventIds.
 */
export function tallyDecision(
  tally: DecisionTally,
  followUpIds: Set<string>,
  value: Record<string, unknown>,
): void {
  tally.read += 1;
  const { eventId, decisionId, outcome } = value;
  if (typeof eventId !== 'string' || typeof decisionId !== 'string' || !isOutcome(outcome)) {
    tally.unreadable += 1;
    return;
  }
  if (value.followUp !== undefined) {
    if (followUpIds.has(eventId)) {
      tally.duplicateFollowUps += 1;
      return;
    }
    followUpIds.add(eventId);
    tally.followUps += 1;
    const { kind } = value.followUp as { kind?: unknown };
    const name = typeof kind === 'string' ? kind : '?';
    tally.followUpKinds[name] = (tally.followUpKinds[name] ?? 0) + 1;
  } else tally.outcomes[outcome] += 1;
  if (outcome !== 'allow') tally.flagged.set(decisionId, outcome);
}
