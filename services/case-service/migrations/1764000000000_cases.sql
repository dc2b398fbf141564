-- Up Migration

-- One row per case; an account has at most one case that is not resolved (index below), so
-- every alert for it lands in one place instead of splitting the account across many cases.
CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved')),
  -- 1 low, 2 medium, 3 high, 4 critical: a rank, so "most severe first" is an index order.
  severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
  assignee text,
  alert_count integer NOT NULL DEFAULT 0,
  disposition text CHECK (disposition IN ('confirmed_fraud', 'false_positive', 'inconclusive')),
  resolution_comment text,
  resolved_by text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  first_action_at timestamptz,
  resolved_at timestamptz,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);

CREATE UNIQUE INDEX cases_one_open_per_account ON cases (account_id) WHERE status <> 'resolved';

-- Keyset pagination: one index per (filter, order) pair ListCases serves, every column in the
-- ORDER BY direction so a row-value comparison walks the index from the cursor.
CREATE INDEX cases_newest ON cases (created_at DESC, id DESC);
CREATE INDEX cases_severe ON cases (severity DESC, created_at DESC, id DESC);
CREATE INDEX cases_status_newest ON cases (status, created_at DESC, id DESC);
CREATE INDEX cases_status_severe ON cases (status, severity DESC, created_at DESC, id DESC);
CREATE INDEX cases_assignee_newest ON cases (assignee, created_at DESC, id DESC) WHERE assignee IS NOT NULL;
CREATE INDEX cases_account_newest ON cases (account_id, created_at DESC, id DESC);
-- Backlog metrics (open cases by severity, oldest open case) read only open rows.
CREATE INDEX cases_open_backlog ON cases (created_at) WHERE status <> 'resolved';

-- One alert per risk decision ever: decision_id is RaiseCase's idempotency key.
CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  decision_id text NOT NULL UNIQUE,
  event_id text NOT NULL,
  event_type text NOT NULL,
  account_id text NOT NULL,
  score real NOT NULL,
  outcome text NOT NULL,
  severity smallint NOT NULL,
  reasons jsonb NOT NULL,
  subject jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  decided_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX alerts_case ON alerts (case_id, created_at);

CREATE TABLE notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  author text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX notes_case ON notes (case_id, created_at);

-- Every change: who, what, when, and the changed fields before and after. Account locks
-- without a case still get a row (case_id null, account_id set).
CREATE TABLE audit_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid REFERENCES cases (id),
  account_id text NOT NULL,
  actor text NOT NULL,
  actor_role text NOT NULL,
  action text NOT NULL,
  before jsonb,
  after jsonb,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_events_case ON audit_events (case_id, at);
CREATE INDEX audit_events_account ON audit_events (account_id, at);

-- Transactional outbox: Kafka records written in the same transaction as the case change and
-- relayed after commit. message_id is the record's own id (feedbackId / commandId), so a relay
-- retry re-sends the same id and consumers dedupe.
CREATE TABLE outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('risk_feedback', 'account_command')),
  message_key text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  -- A record that fails its schema can never be sent; parked here, counted, and skipped.
  rejected_at timestamptz
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL AND rejected_at IS NULL;

-- Down Migration
DROP TABLE outbox;
DROP TABLE audit_events;
DROP TABLE notes;
DROP TABLE alerts;
DROP TABLE cases;
