import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { isVigilError } from '@vigil/errors';
import { parseRuleSet, ruleSetFile } from '@vigil/rules';

/** A rule-set document as the risk engine reads it (defaults filled in). */
export type RuleSetDocument = z.infer<typeof ruleSetFile>;

export type RuleSetValidation =
  | { ok: true; version: string; ruleCount: number; document: RuleSetDocument }
  | { ok: false; problems: string[] };

/**
 * Validates rule-set YAML exactly as the risk engine does (schema, rule types and their params,
 * retro-hunt triggers), so a version the engine would refuse is refused here, with every problem.
 */
export function validateRuleSetYaml(text: string): RuleSetValidation {
  try {
    const ruleSet = parseRuleSet(text, 'rule set');
    const document = ruleSetFile.parse(parseYaml(text, { merge: true }));
    return { ok: true, version: ruleSet.version, ruleCount: ruleSet.rules.length, document };
  } catch (error) {
    if (!isVigilError(error) || error.code !== 'INVALID_RULE_SET') throw error;
    const problems = error.details?.problems;
    if (Array.isArray(problems)) return { ok: false, problems: problems.map(String) };
    // Not YAML at all: the parser's own words say where.
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { ok: false, problems: [`${error.message}${cause}`] };
  }
}
