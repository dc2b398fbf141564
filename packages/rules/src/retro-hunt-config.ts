import { z } from 'zod';
import { RETRO_ENTITIES, type DecisionOutcome } from '@vigil/events';
import { duration } from './duration.ts';
import { outcome } from './rule.ts';

export type RetroEntity = (typeof RETRO_ENTITIES)[number];

const verdict = z.object({ outcome, score: z.number().min(0).max(100) });

/**
 * `retroHunt` in the rule-set file. When a rule finds an entity bad mid-stream — an IP crossing a
 * credential-stuffing threshold, a device a card-testing one — or feedback deny-lists it, the
 * accounts that used it within the lookback before get a follow-up decision, so the victims of a
 * low-and-slow attack before the threshold are not left alone.
 */
export const retroHuntFile = z
  .object({
    /** Rules whose (enforced) hit marks the event's entity bad, and how far back to look. */
    triggers: z
      .array(
        z.object({ rule: z.string().min(1), entity: z.enum(RETRO_ENTITIES), lookback: duration }),
      )
      .default([]),
    /** Entities deny-listed by fraud feedback, and how far back their users are looked for. */
    denyList: z
      .object({ entities: z.array(z.enum(RETRO_ENTITIES)).min(1), lookback: duration })
      .optional(),
    /** An account that used the entity. */
    touched: verdict.default({ outcome: 'challenge', score: 45 }),
    /** An account that signed in successfully from it (the attacker may be in). */
    signedIn: verdict.default({ outcome: 'review', score: 75 }),
  })
  .optional();

export interface RetroHuntConfig {
  /** Trigger by rule id. */
  triggers: ReadonlyMap<string, { entity: RetroEntity; lookbackMs: number }>;
  denyList: { entities: readonly RetroEntity[]; lookbackMs: number } | undefined;
  touched: { outcome: DecisionOutcome; score: number };
  signedIn: { outcome: DecisionOutcome; score: number };
  /** Entities whose users are recorded (what any trigger or the deny list may sweep). */
  entities: ReadonlySet<RetroEntity>;
  /** How long a use is remembered: the longest lookback. */
  retentionMs: number;
}

/** Validated config, or the problems (a trigger naming a rule the set does not have). */
export function compileRetroHunt(
  raw: z.output<typeof retroHuntFile>,
  ruleIds: ReadonlySet<string>,
): { config: RetroHuntConfig | undefined; problems: string[] } {
  if (!raw) return { config: undefined, problems: [] };
  const problems = raw.triggers.flatMap((trigger, i) =>
    ruleIds.has(trigger.rule)
      ? []
      : [`retroHunt.triggers.${i}.rule: no rule ${trigger.rule} in this set`],
  );
  const triggers = new Map(
    raw.triggers.map((t) => [t.rule, { entity: t.entity, lookbackMs: t.lookback }]),
  );
  const denyList = raw.denyList && {
    entities: raw.denyList.entities,
    lookbackMs: raw.denyList.lookback,
  };
  const entities = new Set<RetroEntity>([
    ...raw.triggers.map((t) => t.entity),
    ...(denyList?.entities ?? []),
  ]);
  const lookbacks = [...triggers.values()].map((t) => t.lookbackMs);
  if (denyList) lookbacks.push(denyList.lookbackMs);
  return {
    config: {
      triggers,
      denyList,
      touched: raw.touched,
      signedIn: raw.signedIn,
      entities,
      retentionMs: Math.max(0, ...lookbacks),
    },
    problems,
  };
}
