import type { RuleFactory } from './rule.ts';
import { atoCashOutRule } from './rules/ato-cash-out.ts';
import { countryMismatchRule } from './rules/country-mismatch.ts';
import { denyListRule } from './rules/deny-list.ts';
import { distinctCountRule } from './rules/distinct-count.ts';
import { firstSeenRule } from './rules/first-seen.ts';
import { highRiskMccRule } from './rules/high-risk-mcc.ts';
import { impossibleTravelRule } from './rules/impossible-travel.ts';
import { dailyLimitRule, singleLimitRule } from './rules/limits.ts';
import { loginBruteForceRule } from './rules/login-brute-force.ts';
import { loginSpreadRule } from './rules/login-spread.ts';
import { unusualAmountRule } from './rules/unusual-amount.ts';
import { unusualHourRule } from './rules/unusual-hour.ts';
import { velocityRule } from './rules/velocity.ts';

/** Every rule type a rule-set file may name in `type:`. */
export const RULE_CATALOG: ReadonlyMap<string, RuleFactory> = new Map(
  [
    velocityRule,
    distinctCountRule,
    singleLimitRule,
    dailyLimitRule,
    firstSeenRule,
    atoCashOutRule,
    countryMismatchRule,
    highRiskMccRule,
    unusualAmountRule,
    unusualHourRule,
    loginBruteForceRule,
    loginSpreadRule,
    impossibleTravelRule,
    denyListRule,
  ].map((factory) => [factory.type, factory]),
);
