import { preparedStatement, type Tx } from '@vigil/postgres';
import type { PaymentDayCount } from '../domain/payment-volume.ts';

const ADD_PAYMENT_DAY_COUNTS = preparedStatement(
  'add_payment_day_counts',
  `INSERT INTO payment_day_counts (day, dimension, key, payments, declined)
    SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
    ON CONFLICT (dimension, key, day) DO UPDATE SET
      payments = payment_day_counts.payments + EXCLUDED.payments,
      declined = payment_day_counts.declined + EXCLUDED.declined`,
);

/**
 * Adds a decisions slice's payments to the per-day counts (migration 1797300000000; declined
 * payments apart since 1797400000000). Called in the transaction that moves the partition's
 * ledger offset, which is what makes it count once.
 */
export async function addPaymentDayCounts(
  tx: Tx,
  counts: readonly PaymentDayCount[],
): Promise<void> {
  if (counts.length === 0) return;
  await tx.query(
    ADD_PAYMENT_DAY_COUNTS.with([
      counts.map((c) => c.day),
      counts.map((c) => c.dimension),
      counts.map((c) => c.key),
      counts.map((c) => c.payments),
      counts.map((c) => c.declined),
    ]),
  );
}
