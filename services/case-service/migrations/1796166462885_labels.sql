-- Up Migration

-- Labels (issue 18): what really happened to decided events, from disputes, customer answers and
-- case resolutions, and the compact ledger of decisions they are matched against for per-rule
-- quality. Every table here is pruned after LABELS_RETENTION_DAYS.

-- Decisions with any enforce or shadow reason (the ones a rule's quality is about): a few per
-- cent of all decisions. Idempotent on decision_id.
CREATE TABLE decision_ledger (
  decision_id text PRIMARY KEY,
  event_id text NOT NULL,
  account_id text NOT NULL,
  transaction_id text,
  outcome text NOT NULL,
  rules text[] NOT NULL,
  shadow_rules text[] NOT NULL,
  decided_at timestamptz NOT NULL
);
CREATE INDEX decision_ledger_decided ON decision_ledger (decided_at);
-- A dispute names the payment, not the decision.
CREATE INDEX decision_ledger_transaction ON decision_ledger (account_id, transaction_id)
  WHERE transaction_id IS NOT NULL;

-- Every decision, counted once per UTC day: the denominator of a rule's flagged share.
CREATE TABLE decision_day_counts (
  day date PRIMARY KEY,
  decisions bigint NOT NULL
);

-- Where the ledger has read each decisions partition to: a record below next_offset was counted
-- already, so a replay (redelivery after a crash or rebalance) counts nothing twice.
CREATE TABLE ledger_offsets (
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);

-- Evidence about a decision (decision_id) or about a payment (transaction_id: every decision of
-- that account's payment, whenever it reaches the ledger). Written once, never changed.
CREATE TABLE label_evidence (
  evidence_id text PRIMARY KEY,
  account_id text NOT NULL,
  decision_id text,
  transaction_id text,
  source text NOT NULL CHECK (source IN ('dispute', 'case_resolution', 'customer_answer')),
  verdict text NOT NULL CHECK (verdict IN ('fraud', 'legit')),
  detail text,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK ((decision_id IS NULL) <> (transaction_id IS NULL))
);
CREATE INDEX label_evidence_decision ON label_evidence (decision_id) WHERE decision_id IS NOT NULL;
CREATE INDEX label_evidence_transaction ON label_evidence (account_id, transaction_id)
  WHERE transaction_id IS NOT NULL;
CREATE INDEX label_evidence_recorded ON label_evidence (recorded_at);

-- One row per decided event with an outcome: the winning evidence by the precedence in
-- src/domain/labels.ts, recomputed whenever evidence or the decision arrives.
CREATE TABLE labels (
  decision_id text PRIMARY KEY,
  account_id text NOT NULL,
  verdict text NOT NULL CHECK (verdict IN ('fraud', 'legit')),
  source text NOT NULL,
  evidence_id text NOT NULL,
  labelled_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX labels_updated ON labels (updated_at);

-- One row per dispute status record (opened, won, lost): chargeback counts per BIN and merchant.
CREATE TABLE disputes (
  dispute_id text NOT NULL,
  status text NOT NULL,
  account_id text NOT NULL,
  transaction_id text NOT NULL,
  reason_family text NOT NULL,
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  merchant_id text,
  bin text,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (dispute_id, status)
);
CREATE INDEX disputes_occurred ON disputes (occurred_at);

-- Down Migration
DROP TABLE disputes;
DROP TABLE labels;
DROP TABLE label_evidence;
DROP TABLE ledger_offsets;
DROP TABLE decision_day_counts;
DROP TABLE decision_ledger;
