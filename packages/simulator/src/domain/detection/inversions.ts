import type { DecisionView } from './effective-outcomes.ts';

/** An event decided after a later event of the same account had been. */
export interface Inversion {
  accountId: string;
  eventId: string;
  occurredAt: string;
  /** The later event decided before it. */
  after: { eventId: string; occurredAt: string };
  lagMs: number;
}

export interface InversionReport {
  /** Decisions placed in their account's order (an account and an event time were known). */
  checked: number;
  /** Events decided after a later event of their account: should be 0. */
  count: number;
  accounts: number;
  maxLagMs: number | null;
  /** The first few, in decision order. */
  examples: Inversion[];
}

const EXAMPLES = 5;

/**
 * Events scored out of their account's event order. Decisions must come in the order they were
 * committed per account: risk.decisions.v1 is keyed by accountId, so an account's decisions sit in
 * one partition, and partition order is commit order. Follow-ups and repeated eventIds are not
 * scored events and are skipped. A decision without `accountId` / `occurredAt` takes them from
 * `eventOf` (the labels), or is not checked. Equal event times are not an inversion.
 */
export function findInversions(decisions: Iterable<DecisionView>, eventOf: (eventId: string) => { accountId: string; occurredAt: string } | undefined = () => undefined): InversionReport {
  const latest = new Map<string, { eventId: string; occurredAt: string; at: number }>();
  const seen = new Set<string>();
  const report: InversionReport = { checked: 0, count: 0, accounts: 0, maxLagMs: null, examples: [] };
  const inverted = new Set<string>();
  for (const d of decisions) {
    if (d.followUp !== undefined || seen.has(d.eventId)) continue;
    seen.add(d.eventId);
    const known = d.accountId !== undefined && d.occurredAt !== undefined ? { accountId: d.accountId, occurredAt: d.occurredAt } : eventOf(d.eventId);
    if (known === undefined) continue;
    const at = Date.parse(known.occurredAt);
    report.checked++;
    const before = latest.get(known.accountId);
    if (before !== undefined && at < before.at) {
      report.count++;
      inverted.add(known.accountId);
      report.maxLagMs = Math.max(report.maxLagMs ?? 0, before.at - at);
      if (report.examples.length < EXAMPLES)
        report.examples.push({ accountId: known.accountId, eventId: d.eventId, occurredAt: known.occurredAt, after: { eventId: before.eventId, occurredAt: before.occurredAt }, lagMs: before.at - at });
      continue;
    }
    latest.set(known.accountId, { eventId: d.eventId, occurredAt: known.occurredAt, at });
  }
  report.accounts = inverted.size;
  return report;
}
