import type { RiskDecision } from '@vigil/events';

/** What payment volume is counted by: the paying card's BIN, and the merchant. */
export const PAYMENT_DIMENSIONS = ['bin', 'merchant'] as const;
export type PaymentDimension = (typeof PAYMENT_DIMENSIONS)[number];

/** The payment a decision is about, as far as volume needs it (either key may be missing). */
export interface PaymentKeys {
  bin: string | undefined;
  merchantId: string | undefined;
  /**
   * The payment was declined (`subject.paymentStatus`): no money moved, so no chargeback can
   * follow and it stays out of the rate's denominator. A decision without the status (producers
   * before it was carried) counts as approved.
   */
  declined: boolean;
}

/**
 * The payment behind a decision, or undefined when the decision is not one payment's first
 * decision: logins and account changes are no payments, and a follow-up (late_event,
 * retro_hunt) revisits activity that its own decision already counted.
 */
export function paymentKeys(decision: RiskDecision): PaymentKeys | undefined {
  if (decision.eventType !== 'transaction' || decision.followUp) return undefined;
  return {
    bin: decision.subject.bin,
    merchantId: decision.subject.merchantId,
    declined: decision.subject.paymentStatus === 'declined',
  };
}

/** Payments decided on one UTC day for one BIN or one merchant. */
export interface PaymentDayCount {
  day: string;
  dimension: PaymentDimension;
  key: string;
  /** Approved payments (and those of unknown status): the chargeback rate's denominator. */
  payments: number;
  /** Declined payments, counted apart (decline rate, volume checks); in no rate. */
  declined: number;
}

/**
 * Sums payments per UTC day (of decidedAt, as the daily decision counts do) and BIN / merchant.
 * A payment without a BIN counts for its merchant only, and the other way round. Sorted, so
 * concurrent upserts of the same rows lock them in one order.
 */
export function paymentDayCounts(
  records: readonly { decidedAt: string; payment: PaymentKeys | undefined }[],
): PaymentDayCount[] {
  const counts = new Map<string, PaymentDayCount>();
  const add = (
    day: string,
    dimension: PaymentDimension,
    key: string | undefined,
    declined: boolean,
  ) => {
    if (key === undefined) return;
    const id = `${day}\u001f${dimension}\u001f${key}`;
    const row = counts.get(id) ?? { day, dimension, key, payments: 0, declined: 0 };
    if (declined) row.declined += 1;
    else row.payments += 1;
    counts.set(id, row);
  };
  for (const { decidedAt, payment } of records) {
    if (!payment) continue;
    const day = decidedAt.slice(0, 10);
    add(day, 'bin', payment.bin, payment.declined);
    add(day, 'merchant', payment.merchantId, payment.declined);
  }
  return [...counts.values()].sort(
    (a, b) =>
      a.dimension.localeCompare(b.dimension) ||
      a.key.localeCompare(b.key) ||
      a.day.localeCompare(b.day),
  );
}
