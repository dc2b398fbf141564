import { describe, expect, it } from 'vitest';
import { isVigilError } from '@vigil/errors';
import { MAX_RULES } from './decision-size.ts';
import { parseRuleSet } from './rule-set.ts';

const VALID = `
version: "v7"
timezone: Asia/Tokyo
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - &base
    id: tx-count-card-1m
    type: velocity
    mode: enforce
    score: 40
    params: { dimension: card, window: 1m, filter: { kinds: [transaction] }, tiers: [{ atLeast: 5 }] }
  - { <<: *base, id: tx-count-card-1m-shadow, mode: shadow }
  - { id: mcc, type: high-risk-mcc, mode: off, score: 40, params: { mccs: ["7995"] } }
`;

function problemsOf(text: string): string[] {
  try {
    parseRuleSet(text, 'test.yaml');
  } catch (error) {
    if (isVigilError(error)) {
      expect(error.code).toBe('INVALID_RULE_SET');
      expect(error.retryable).toBe(false);
      return (error.details?.problems as string[] | undefined) ?? [error.message];
    }
    throw error;
  }
  throw new Error('expected the rule set to be rejected');
}

describe('parseRuleSet', () => {
  it('loads a valid file with defaults, durations and YAML merge keys', () => {
    const ruleSet = parseRuleSet(VALID);
    expect(ruleSet.version).toBe('v7');
    expect(ruleSet.timeZone).toBe('Asia/Tokyo');
    expect(ruleSet.combination).toBe('noisy_or');
    expect(ruleSet.rules.map((r) => [r.id, r.mode])).toEqual([
      ['tx-count-card-1m', 'enforce'],
      ['tx-count-card-1m-shadow', 'shadow'],
      ['mcc', 'off'],
    ]);
  });

  it('rejects cut-offs that do not rise', () => {
    expect(problemsOf(VALID.replace('review: 70', 'review: 95')).join()).toMatch(
      /cut-offs must rise/,
    );
  });

  it('refuses more rules than a decision naming each can carry in one Kafka record', () => {
    const rules = (count: number) =>
      Array.from(
        { length: count },
        (_, i) =>
          `  - { id: mcc-${i}, type: high-risk-mcc, mode: enforce, score: 1, params: { mccs: ["7995"] } }`,
      ).join('\n');
    const withRules = (count: number) =>
      `${VALID.slice(0, VALID.indexOf('rules:'))}rules:\n${rules(count)}\n`;
    expect(parseRuleSet(withRules(MAX_RULES)).rules).toHaveLength(MAX_RULES);
    expect(problemsOf(withRules(MAX_RULES + 1)).join()).toMatch(/at most 1000 rules/);
  });

  it('rejects an unknown time zone', () => {
    expect(problemsOf(VALID.replace('Asia/Tokyo', 'Mars/Olympus')).join()).toMatch(
      /IANA time zone/,
    );
  });

  it('maps account countries to time zones, validated at load; the default zone is the fallback', () => {
    const ruleSet = parseRuleSet(
      VALID.replace(
        'timezone: Asia/Tokyo',
        'timezone: Asia/Tokyo\ncountryTimezones: { IN: Asia/Kolkata, US: America/New_York }',
      ),
    );
    expect([...ruleSet.countryTimeZones]).toEqual([
      ['IN', 'Asia/Kolkata'],
      ['US', 'America/New_York'],
    ]);
    expect(parseRuleSet(VALID).countryTimeZones.size).toBe(0);
    const problems = problemsOf(
      VALID.replace(
        'timezone: Asia/Tokyo',
        'timezone: Asia/Tokyo\ncountryTimezones: { IN: Asia/Bombay-ish, usa: America/New_York }',
      ),
    ).join('\n');
    expect(problems).toMatch(/countryTimezones\.IN: IANA time zone/);
    expect(problems).toMatch(/countryTimezones\.usa: ISO 3166-1 alpha-2/);
  });

  it('rejects unknown rule types, bad params and duplicate ids, all at once', () => {
    const bad = `${VALID}
  - { id: mcc, type: no-such-rule, mode: enforce, score: 10, params: {} }
  - { id: v2, type: velocity, mode: enforce, score: 10, params: { dimension: galaxy, window: 7x, tiers: [] } }
`;
    const problems = problemsOf(bad).join('\n');
    expect(problems).toMatch(/duplicate rule id mcc/);
    expect(problems).toMatch(/unknown rule type no-such-rule/);
    expect(problems).toMatch(/v2\)\.params\.dimension/);
    expect(problems).toMatch(/v2\)\.params\.window/);
  });

  it('rejects a window that is not a multiple of its bucket', () => {
    const bad = VALID.replace('window: 1m, filter', 'window: 1m, bucket: 7s, filter');
    expect(problemsOf(bad).join()).toMatch(/multiple of bucket/);
  });

  it('rejects a mode outside enforce | shadow | off and a score above 100', () => {
    const problems = problemsOf(
      VALID.replace('mode: off', 'mode: maybe').replace(
        'score: 40, params: { mccs',
        'score: 140, params: { mccs',
      ),
    ).join();
    expect(problems).toMatch(/rules\.2\.mode/);
    expect(problems).toMatch(/rules\.2\.score/);
  });

  it('rejects text that is not YAML', () => {
    expect(problemsOf('version: [unclosed').join()).toMatch(/not valid YAML/);
  });

  it('reads retroHunt: triggers by rule, the deny-list lookback, default verdicts, what to remember and for how long', () => {
    const ruleSet = parseRuleSet(`${VALID}
retroHunt:
  triggers:
    - { rule: tx-count-card-1m, entity: device, lookback: 1h }
  denyList: { entities: [ip, card], lookback: 7d }
`);
    const retro = ruleSet.retroHunt!;
    expect(retro.triggers.get('tx-count-card-1m')).toEqual({
      entity: 'device',
      lookbackMs: 3_600_000,
    });
    expect(retro.denyList).toEqual({ entities: ['ip', 'card'], lookbackMs: 7 * 86_400_000 });
    expect(retro.touched).toEqual({ outcome: 'challenge', score: 45 });
    expect(retro.signedIn).toEqual({ outcome: 'review', score: 75 });
    expect([...retro.entities].sort()).toEqual(['card', 'device', 'ip']);
    expect(retro.retentionMs).toBe(7 * 86_400_000);
    expect(parseRuleSet(VALID).retroHunt).toBeUndefined();
  });

  it('rejects a retro-hunt trigger naming a rule the set does not have', () => {
    expect(
      problemsOf(`${VALID}
retroHunt:
  triggers: [{ rule: no-such-rule, entity: ip, lookback: 15m }]
`),
    ).toEqual(['retroHunt.triggers.0.rule: no rule no-such-rule in this set']);
  });
});
