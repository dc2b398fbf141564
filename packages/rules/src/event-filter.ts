import { z } from 'zod';
import {
  ACCOUNT_CHANGES,
  LOGIN_FAILURE_REASONS,
  TRANSACTION_TYPES,
  type ScoredEvent,
} from '@vigil/events';
import { EVENT_KINDS } from './event-view.ts';

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code');
/** Amounts per currency in minor units; a currency that is absent means "no threshold". */
export const perCurrency = z.record(currencyCode, z.number().int().nonnegative());
export type PerCurrency = z.infer<typeof perCurrency>;

/**
 * Which events a feature counts (or a rule reacts to). Each condition constrains only events of
 * its own kind, so `{kinds: [transaction, login], txStatus: approved, loginOutcome: success}`
 * reads "approved transactions or successful logins".
 */
export const eventFilter = z
  .object({
    kinds: z.array(z.enum(EVENT_KINDS)).min(1).optional(),
    txStatus: z.enum(['approved', 'declined']).optional(),
    txTypes: z.array(z.enum(TRANSACTION_TYPES)).min(1).optional(),
    declineReasons: z.array(z.string().min(1)).min(1).optional(),
    /** Small-amount only: amount strictly below this in its currency (other currencies never match). */
    amountBelow: perCurrency.optional(),
    loginOutcome: z.enum(['success', 'failure']).optional(),
    failureReasons: z.array(z.enum(LOGIN_FAILURE_REASONS)).min(1).optional(),
    changes: z.array(z.enum(ACCOUNT_CHANGES)).min(1).optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof eventFilter>;

export function matchesFilter(scored: ScoredEvent, filter: EventFilter): boolean {
  if (filter.kinds && !filter.kinds.includes(scored.kind)) return false;
  switch (scored.kind) {
    case 'transaction': {
      const tx = scored.event;
      if (filter.txStatus && tx.status !== filter.txStatus) return false;
      if (filter.txTypes && !filter.txTypes.includes(tx.type)) return false;
      if (
        filter.declineReasons &&
        !(tx.declineReason && filter.declineReasons.includes(tx.declineReason))
      )
        return false;
      if (filter.amountBelow) {
        const limit = filter.amountBelow[tx.amount.currency];
        if (limit === undefined || tx.amount.minor >= limit) return false;
      }
      return true;
    }
    case 'login': {
      const login = scored.event;
      if (filter.loginOutcome && login.outcome !== filter.loginOutcome) return false;
      if (
        filter.failureReasons &&
        !(login.failureReason && filter.failureReasons.includes(login.failureReason))
      ) {
        return false;
      }
      return true;
    }
    case 'account_change':
      return !filter.changes || filter.changes.includes(scored.event.change);
  }
}

/** Order-insensitive canonical form, so two rules asking for the same filter share one feature. */
export function canonicalFilter(filter: EventFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(filter).sort()) {
    const value = (filter as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) out[key] = [...(value as string[])].sort();
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      out[key] = Object.fromEntries(
        Object.keys(record)
          .sort()
          .map((k) => [k, record[k]]),
      );
    } else out[key] = value;
  }
  return out;
}
