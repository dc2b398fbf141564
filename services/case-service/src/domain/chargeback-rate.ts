/**
 * Chargeback rate of one BIN or merchant over a window ("last N UTC days", windowStart), count
 * based like the card schemes' dispute ratio:
 *
 *   fraud disputes on payments of the window / payments of the window
 *
 * - payments: transaction decisions (one per payment; follow-ups excluded) decided in the window
 *   with that BIN / merchant in their subject, each decisions-topic record counted once.
 * - fraud disputes: disputes of reason family `fraud` with an `opened` or `lost` record, each
 *   disputeId once (opened then lost is one; a dispute only ever seen `won` is none), under the
 *   BIN / merchant the dispute names (a dispute naming none is in no rate).
 * - a dispute is "on a payment of the window" when the payment's decision, found in the decision
 *   ledger by accountId + transactionId, was decided in the window. When the ledger does not know
 *   the payment (allowed with no rule hit, so never kept; pruned; or not read yet) the dispute is
 *   dated by its first record instead: the payment happened before it, and in a steady state as
 *   many disputes of earlier payments enter a window as disputes of its payments arrive later,
 *   which is the schemes' "disputes received ÷ sales" convention. Such disputes are counted in
 *   `datedByDispute` so a reader can tell how much of a rate rests on it.
 *
 * Fraud chargebacks arrive up to ~120 days after the payment, so a recent window's rate is a
 * floor that rises as its disputes come in.
 */
export interface ChargebackCounts {
  /** A BIN or merchant id; `other` sums the BINs past the top N. */
  key: string;
  disputes: number;
  /** Of `disputes`, those dated by the dispute because the payment's decision is unknown. */
  datedByDispute: number;
  payments: number;
}

export interface ChargebackRate extends ChargebackCounts {
  /** disputes / payments; undefined while the window has no payment for the key. */
  rate: number | undefined;
}

export function chargebackRate(counts: ChargebackCounts): ChargebackRate {
  return { ...counts, rate: counts.payments > 0 ? counts.disputes / counts.payments : undefined };
}
