import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { VigilError } from '@vigil/errors';
import { MAX_RULES } from './decision-size.ts';
import { hashText } from './feature-keys.ts';
import { LIST_ENTITIES } from './feature-spec.ts';
import { RULE_CATALOG } from './rule-catalog.ts';
import { RULE_MODES, type CompiledRule, type RuleMode } from './rule.ts';
import { compileRetroHunt, retroHuntFile, type RetroHuntConfig } from './retro-hunt-config.ts';
import { isValidTimeZone } from './windows.ts';

export const COMBINATIONS = ['noisy_or', 'capped_sum'] as const;
export type Combination = (typeof COMBINATIONS)[number];

const score = z.number().min(0).max(100);

/** An allow-list entry that silences a rule, e.g. a corporate NAT IP exempt from IP velocity. */
const exemption = z.object({
  entity: z.enum(LIST_ENTITIES),
  scope: z.enum(['global', 'account']).default('global'),
});
export type Exemption = z.infer<typeof exemption>;

const ruleEntry = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,127}$/, 'kebab-case rule id'),
  type: z.string().min(1),
  mode: z.enum(RULE_MODES),
  score,
  description: z.string().max(512).optional(),
  exemptIfAllowed: z.array(exemption).default([]),
  params: z.unknown(),
});

const timeZone = z.string().refine(isValidTimeZone, 'IANA time zone, e.g. Asia/Tokyo');

export const ruleSetFile = z.object({
  version: z.string().min(1).max(64),
  /** The account's time zone when its country is unknown or not in `countryTimezones`. */
  timezone: timeZone,
  /**
   * Account country (ISO 3166-1 alpha-2, `account.country` on transactions) → IANA time zone:
   * daily limits reset at the account's local midnight. A country spanning several zones maps to
   * its primary business zone (US → America/New_York).
   */
  countryTimezones: z
    .record(z.string().regex(/^[A-Z]{2}$/), timeZone, {
      error: (issue) =>
        issue.code === 'invalid_key' ? 'ISO 3166-1 alpha-2 country code' : undefined,
    })
    .default({}),
  combination: z.enum(COMBINATIONS).default('noisy_or'),
  /** Score ≥ cut-off gives that outcome; below `challenge` is allow. */
  cutoffs: z
    .object({ challenge: score, review: score, block: score })
    .refine(
      (c) => c.challenge < c.review && c.review < c.block,
      'cut-offs must rise: challenge < review < block',
    ),
  // Bounded so that a decision naming every rule still fits one Kafka record (decision-size.ts).
  rules: z
    .array(ruleEntry)
    .min(1)
    .max(MAX_RULES, `at most ${MAX_RULES} rules: a decision naming each must fit one Kafka record`),
  retroHunt: retroHuntFile,
});

/** A rule-set document as validated (defaults filled in, durations in ms). */
export type RuleSetDocument = z.output<typeof ruleSetFile>;

export interface ConfiguredRule {
  id: string;
  type: string;
  mode: RuleMode;
  score: number;
  exemptIfAllowed: Exemption[];
  rule: CompiledRule;
}

export interface RuleSet {
  version: string;
  /**
   * Hash of the validated document: changes whenever any rule does, even if `version` was not
   * bumped. Same fingerprint + same event ⇒ same feature requests (replays rely on it).
   */
  fingerprint: string;
  /** Default IANA time zone of an account (unknown or unmapped country). */
  timeZone: string;
  /** Account country → IANA time zone (see timeZoneFor). */
  countryTimeZones: ReadonlyMap<string, string>;
  combination: Combination;
  cutoffs: { challenge: number; review: number; block: number };
  rules: readonly ConfiguredRule[];
  /** Follow-ups for accounts that used an entity found bad later; undefined when off. */
  retroHunt: RetroHuntConfig | undefined;
  /**
   * The validated document the set was compiled from (what `fingerprint` hashes). Compiled rules
   * are functions, which cannot be sent to another thread: `compileRuleSet(document)` rebuilds
   * the same set there.
   */
  document: RuleSetDocument;
}

function invalid(source: string, problems: string[]): VigilError {
  return new VigilError('INVALID_RULE_SET', `${source}: ${problems.join('; ')}`, {
    retryable: false,
    details: { problems },
  });
}

/** Validates an already-parsed rule-set document; every problem is reported at once, nothing half-loads. */
export function compileRuleSet(raw: unknown, source = 'rule set'): RuleSet {
  const parsed = ruleSetFile.safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      source,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const problems: string[] = [];
  const rules: ConfiguredRule[] = [];
  const seen = new Set<string>();
  parsed.data.rules.forEach((entry, index) => {
    if (seen.has(entry.id)) problems.push(`rules.${index}.id: duplicate rule id ${entry.id}`);
    seen.add(entry.id);
    const factory = RULE_CATALOG.get(entry.type);
    if (!factory) {
      problems.push(
        `rules.${index}.type: unknown rule type ${entry.type} (known: ${[...RULE_CATALOG.keys()].join(', ')})`,
      );
      return;
    }
    const compiled = factory.compile(entry.params, entry.score);
    if (!compiled.ok) {
      for (const issue of compiled.issues)
        problems.push(
          `rules.${index}(${entry.id}).params.${issue.path.join('.')}: ${issue.message}`,
        );
      return;
    }
    rules.push({
      id: entry.id,
      type: entry.type,
      mode: entry.mode,
      score: entry.score,
      exemptIfAllowed: entry.exemptIfAllowed,
      rule: compiled.rule,
    });
  });
  const retroHunt = compileRetroHunt(parsed.data.retroHunt, seen);
  problems.push(...retroHunt.problems);
  if (problems.length > 0) throw invalid(source, problems);
  const { version, timezone, countryTimezones, combination, cutoffs } = parsed.data;
  const fingerprint = hashText(JSON.stringify(parsed.data));
  return {
    version,
    fingerprint,
    timeZone: timezone,
    countryTimeZones: new Map(Object.entries(countryTimezones)),
    combination,
    cutoffs,
    rules,
    retroHunt: retroHunt.config,
    document: parsed.data,
  };
}

/** Parses and validates rule-set YAML (or JSON, a subset of YAML). */
export function parseRuleSet(text: string, source = 'rule set'): RuleSet {
  let raw: unknown;
  try {
    // merge: lets a file reuse a rule with YAML anchors (`<<: *base`).
    raw = parseYaml(text, { merge: true });
  } catch (cause) {
    throw new VigilError('INVALID_RULE_SET', `${source} is not valid YAML`, {
      retryable: false,
      cause,
    });
  }
  return compileRuleSet(raw, source);
}
