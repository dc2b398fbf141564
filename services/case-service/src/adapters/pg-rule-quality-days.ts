import { preparedStatement, type Tx } from '@vigil/postgres';
import type { Verdict } from '../domain/labels.ts';

// rule_quality_days (migration 1797500000000) holds per-rule quality summed per UTC day of the
// decision, so a refresh reads at most days × rules rows. Every write that changes what the
// ledger-wide aggregate would count adds its difference here, in the same transaction, under the
// accounts' label locks (pg-label-writes.ts): a new ledger decision (with the label and the
// "it was me" answer it already has), a label whose verdict changes, a decision's first "it was
// me" answer. test-support/rule-counts-from-ledger.ts is that aggregate, the reference the
// integration test holds this to.

/** A ledger decision as its rules count it. */
export interface QualityDecision {
  decision_id: string;
  outcome: string;
  rules: string[];
  shadow_rules: string[];
  /** UTC day of decided_at, YYYY-MM-DD. */
  day: string;
}

/** The ledger columns QualityDecision needs, for a query over `decision_ledger l`. */
export const QUALITY_DECISION_COLUMNS = `l.decision_id, l.outcome, l.rules, l.shadow_rules,
  to_char(l.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`;

/** Counts one decision adds to each of its rules' days. */
interface Counts {
  hits: number;
  fraud: number;
  legit: number;
  challenges: number;
  itWasMe: number;
}

const NONE: Counts = { hits: 0, fraud: 0, legit: 0, challenges: 0, itWasMe: 0 };

const verdictCounts = (verdict: Verdict | null | undefined) => ({
  fraud: verdict === 'fraud' ? 1 : 0,
  legit: verdict === 'legit' ? 1 : 0,
});

const ADD_RULE_QUALITY = preparedStatement(
  'add_rule_quality_days',
  `INSERT INTO rule_quality_days (day, rule, mode, hits, fraud, legit, challenges, it_was_me)
    SELECT day, rule, mode, hits, fraud, legit, challenges, it_was_me
    FROM unnest($1::date[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
      $7::bigint[], $8::bigint[]) WITH ORDINALITY AS t(day, rule, mode, hits, fraud, legit, challenges, it_was_me, n)
    ORDER BY n
    ON CONFLICT (day, rule, mode) DO UPDATE SET hits = rule_quality_days.hits + EXCLUDED.hits,
      fraud = rule_quality_days.fraud + EXCLUDED.fraud, legit = rule_quality_days.legit + EXCLUDED.legit,
      challenges = rule_quality_days.challenges + EXCLUDED.challenges,
      it_was_me = rule_quality_days.it_was_me + EXCLUDED.it_was_me`,
);

/**
 * The differences one transaction makes to rule_quality_days, summed in memory and written once
 * (`flush`): one upsert of rows in key order per transaction, so two transactions never take the
 * same rows' locks in opposite orders.
 */
export class RuleQualityDelta {
  private readonly rows = new Map<
    string,
    { key: string; day: string; rule: string; mode: string } & Counts
  >();

  /** A decision new to the ledger, with the label and answer it has at that moment. */
  decided(decision: QualityDecision, verdict: Verdict | null, answeredItWasMe: boolean): void {
    const challenge = decision.outcome === 'challenge';
    this.add(decision, {
      hits: 1,
      ...verdictCounts(verdict),
      challenges: challenge ? 1 : 0,
      itWasMe: challenge && answeredItWasMe ? 1 : 0,
    });
  }

  /** A ledger decision whose label went from `before` (none: null) to `after`. */
  relabelled(decision: QualityDecision, before: Verdict | null, after: Verdict): void {
    if (before === after) return;
    const was = verdictCounts(before);
    const now = verdictCounts(after);
    this.add(decision, { ...NONE, fraud: now.fraud - was.fraud, legit: now.legit - was.legit });
  }

  /** A challenged ledger decision's first "it was me" answer. */
  answered(decision: QualityDecision): void {
    if (decision.outcome === 'challenge') this.add(decision, { ...NONE, itWasMe: 1 });
  }

  async flush(tx: Tx): Promise<void> {
    const rows = [...this.rows.values()].filter(
      (r) =>
        r.hits !== 0 || r.fraud !== 0 || r.legit !== 0 || r.challenges !== 0 || r.itWasMe !== 0,
    );
    this.rows.clear();
    if (rows.length === 0) return;
    // In key order (day, rule, mode), as the upsert takes the rows' locks.
    rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const column = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
    await tx.query(
      ADD_RULE_QUALITY.with([
        column((r) => r.day),
        column((r) => r.rule),
        column((r) => r.mode),
        column((r) => r.hits),
        column((r) => r.fraud),
        column((r) => r.legit),
        column((r) => r.challenges),
        column((r) => r.itWasMe),
      ]),
    );
  }

  private add(decision: QualityDecision, counts: Counts): void {
    const each = (rules: readonly string[], mode: 'enforce' | 'shadow') => {
      for (const rule of rules) {
        const key = `${decision.day}\u0000${rule}\u0000${mode}`;
        let row = this.rows.get(key);
        if (!row) {
          row = { key, day: decision.day, rule, mode, ...NONE };
          this.rows.set(key, row);
        }
        row.hits += counts.hits;
        row.fraud += counts.fraud;
        row.legit += counts.legit;
        row.challenges += counts.challenges;
        row.itWasMe += counts.itWasMe;
      }
    };
    each(decision.rules, 'enforce');
    each(decision.shadow_rules, 'shadow');
  }
}
