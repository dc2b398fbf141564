-- Up Migration

-- Chargeback rates (issue 18): payments per UTC day and card BIN / merchant, counted from every
-- transaction decision (subject.bin, subject.merchantId) in the same transaction that moves the
-- decisions partition's ledger_offsets, so a redelivered record counts nothing twice. One row per
-- day and key, never one per payment; pruned after LABELS_RETENTION_DAYS like the other label
-- tables.
CREATE TABLE payment_day_counts (
  dimension text NOT NULL CHECK (dimension IN ('bin', 'merchant')),
  key text NOT NULL,
  day date NOT NULL,
  payments bigint NOT NULL,
  PRIMARY KEY (dimension, key, day)
);
CREATE INDEX payment_day_counts_day ON payment_day_counts (day);

-- Down Migration
DROP TABLE payment_day_counts;
