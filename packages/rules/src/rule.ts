import { z } from 'zod';
import { DECISION_OUTCOMES, type DecisionOutcome, type ScoredEvent } from '@vigil/events';
import type { FeatureSpec } from './feature-spec.ts';
import type { FeatureReader } from './feature-values.ts';

export const RULE_MODES = ['enforce', 'shadow', 'off'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export interface RuleContext {
  /** Event time, epoch ms: rules compare against event time so replays decide the same way. */
  at: number;
  /**
   * The account's IANA time zone for this event (daily windows reset at its midnight): its
   * `account.country` mapped by the rule set's `countryTimezones`, else the rule set's `timezone`.
   */
  timeZone: string;
}

/** A temporary lock a rule asks for (login brute force): keyed narrowly so attackers cannot lock real users out. */
export interface TemporaryLock {
  rule: string;
  scope: 'account' | 'account_ip';
  accountId: string;
  ip?: string | undefined;
  durationMs: number;
}

export interface RuleHit {
  /** 0–100; defaults to the rule's configured score. */
  score?: number;
  message: string;
  observed?: number | string;
  threshold?: number | string;
  /** Raises the decision's outcome to at least this, whatever the score. */
  forcedOutcome?: DecisionOutcome;
  temporaryLock?: Omit<TemporaryLock, 'rule'>;
}

/** A rule with its parameters bound: pure functions of the event and its computed features. */
export interface CompiledRule {
  /** Features this rule needs for this event, by local name; {} when the rule does not apply. */
  features(scored: ScoredEvent, ctx: RuleContext): Record<string, FeatureSpec | undefined>;
  evaluate(scored: ScoredEvent, features: FeatureReader, ctx: RuleContext): RuleHit | null;
  /**
   * The rule fires on what a customer spends (an amount against a per-currency threshold), so
   * its false positives depend on the market: reports count its flags per market apart.
   */
  judgesAmount?: boolean;
}

/** A rule type as the catalog knows it: validates its YAML params and binds them. */
export interface RuleFactory {
  type: string;
  description: string;
  compile(
    params: unknown,
    score: number,
  ): { ok: true; rule: CompiledRule } | { ok: false; issues: z.core.$ZodIssue[] };
}

export function defineRule<Schema extends z.ZodType>(definition: {
  type: string;
  description: string;
  params: Schema;
  compile(params: z.output<Schema>, score: number): CompiledRule;
}): RuleFactory {
  return {
    type: definition.type,
    description: definition.description,
    compile(params, score) {
      const parsed = definition.params.safeParse(params ?? {});
      return parsed.success
        ? { ok: true, rule: definition.compile(parsed.data, score) }
        : { ok: false, issues: parsed.error.issues };
    },
  };
}

export const outcome = z.enum(DECISION_OUTCOMES);

/** Escalation steps: the highest step reached gives the hit's score and forced outcome. */
export const tier = z.object({
  atLeast: z.number().nonnegative(),
  score: z.number().min(0).max(100).optional(),
  outcome: outcome.optional(),
});
export type Tier = z.infer<typeof tier>;
export const tiers = z
  .array(tier)
  .min(1)
  .transform((steps) => [...steps].sort((a, b) => a.atLeast - b.atLeast));

/** The highest tier whose threshold `observed` reaches (inclusive), if any. */
export function reachedTier<T extends { atLeast: number }>(
  steps: readonly T[],
  observed: number,
): T | undefined {
  let reached: T | undefined;
  for (const step of steps) if (observed >= step.atLeast) reached = step;
  return reached;
}

/** A hit from a reached tier; the configured score applies when the tier names none. */
export function tierHit(step: Tier, message: string, observed: number): RuleHit {
  const hit: RuleHit = { message, observed, threshold: step.atLeast };
  if (step.score !== undefined) hit.score = step.score;
  if (step.outcome !== undefined) hit.forcedOutcome = step.outcome;
  return hit;
}
