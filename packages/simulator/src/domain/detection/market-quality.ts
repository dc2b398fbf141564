import type { GroundTruth } from '../ground-truth.ts';
import type { EffectiveDecision } from './effective-outcomes.ts';
import { countRules, ranked, type RuleCount } from './rule-counts.ts';

/**
 * False positives of one market (the benign customers' home country). A rule set tuned on one
 * market's spending can flag another's ordinary customers while the overall rate looks fine, so
 * every market is measured on its own.
 */
export interface MarketQuality {
  market: string;
  /** Benign accounts of the market with measured events (the same accounts as the overall numbers). */
  accounts: number;
  /** Accounts with any event flagged (challenge, review or block). */
  flaggedAccounts: number;
  accountFalsePositiveRate: number | null;
  /**
   * Accounts flagged on an event that is not a step of a benign chain (a new phone, a trip abroad:
   * their first steps are meant to be asked "was this you?"): the friction nothing asked for.
   */
  flaggedOutsideChains: number;
  outsideChainsRate: number | null;
  /**
   * Accounts flagged by an amount rule (one with per-currency thresholds), null when the report
   * was not told which rules those are: the part of the friction that depends on what a market spends.
   */
  flaggedByAmountRules: number | null;
  amountRulesRate: number | null;
  /** The rules behind the market's flagged events, most events first (top 3). */
  topRules: RuleCount[];
}

interface AccountTally {
  flagged: boolean;
  outsideChain: boolean;
  byAmountRule: boolean;
}

interface Tally {
  accounts: Map<string, AccountTally>;
  rules: Map<string, number>;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Collects benign measured events per market; labels without a market (older label files) are left out. */
export class MarketTally {
  readonly #markets = new Map<string, Tally>();

  /** `amountRules`: ids of the rule set's amount rules, when known. */
  constructor(private readonly amountRules?: ReadonlySet<string>) {}

  add(label: GroundTruth, decision: EffectiveDecision | undefined): void {
    if (label.market === undefined) return;
    const tally = this.#markets.get(label.market) ?? {
      accounts: new Map<string, AccountTally>(),
      rules: new Map<string, number>(),
    };
    this.#markets.set(label.market, tally);
    const account = tally.accounts.get(label.accountId) ?? {
      flagged: false,
      outsideChain: false,
      byAmountRule: false,
    };
    tally.accounts.set(label.accountId, account);
    if (decision === undefined || decision.outcome === 'allow') return;
    account.flagged = true;
    account.outsideChain ||= label.chain === undefined;
    const rules = decision.flaggedBy.flatMap((d) => d.reasons?.map((r) => r.rule) ?? []);
    account.byAmountRule ||= rules.some((rule) => this.amountRules?.has(rule) === true);
    countRules(tally.rules, decision.flaggedBy);
  }

  /** Markets by number of accounts, largest first. */
  result(): MarketQuality[] {
    return [...this.#markets]
      .map(([market, t]): MarketQuality => {
        const accounts = [...t.accounts.values()];
        const flagged = accounts.filter((a) => a.flagged).length;
        const outside = accounts.filter((a) => a.outsideChain).length;
        const byAmount =
          this.amountRules === undefined ? null : accounts.filter((a) => a.byAmountRule).length;
        return {
          market,
          accounts: accounts.length,
          flaggedAccounts: flagged,
          accountFalsePositiveRate: ratio(flagged, accounts.length),
          flaggedOutsideChains: outside,
          outsideChainsRate: ratio(outside, accounts.length),
          flaggedByAmountRules: byAmount,
          amountRulesRate: byAmount === null ? null : ratio(byAmount, accounts.length),
          topRules: ranked(t.rules, 3),
        };
      })
      .sort((a, b) => b.accounts - a.accounts || a.market.localeCompare(b.market));
  }
}
