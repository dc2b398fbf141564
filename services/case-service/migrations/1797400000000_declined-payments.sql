-- Up Migration

-- Declined payments out of the chargeback rate's denominator (issue 18): decisions carry the
-- payment's status (subject.paymentStatus) and `payments` now counts approved payments only (and
-- those whose decision has no status, as before); declined ones are counted apart. Rows written
-- before this migration counted both in `payments`; they age out after LABELS_RETENTION_DAYS.
ALTER TABLE payment_day_counts ADD COLUMN declined bigint NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE payment_day_counts DROP COLUMN declined;
