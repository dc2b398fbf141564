-- Up Migration

-- Filled by the service that owns the customer profile (see README.md); read-only for the notifier.
CREATE TABLE contact_preferences (
  account_id  text PRIMARY KEY,
  locale      text NOT NULL DEFAULT 'en',
  time_zone   text NOT NULL DEFAULT 'UTC',
  email       text,
  phone       text,
  push_token  text,
  -- In order of the customer's preference; a notice goes to the first one with an address.
  channels    text[] NOT NULL DEFAULT ARRAY['email']::text[]
              CHECK (channels <@ ARRAY['email', 'sms', 'push']::text[]),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The outbox: a row exists only because the consumer read a decision or case resolution from Kafka.
CREATE TABLE notifications (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  decision_id     text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('verification_request', 'lock_notice', 'access_restored')),
  account_id      text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'suppressed', 'dead')),
  -- What the notice shows (rendered at send time in the customer's then-current language).
  facts           jsonb NOT NULL,
  -- The decision as consumed; a "not me" answer raises the case from it. NULL for case resolutions.
  decision        jsonb,
  decided_at      timestamptz NOT NULL,
  channel         text CHECK (channel IN ('email', 'sms', 'push')),
  locale          text,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  -- One notice per decision and kind, ever: a replayed decision hits this and inserts nothing.
  CONSTRAINT notifications_once_per_decision UNIQUE (decision_id, kind)
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX notifications_by_account ON notifications (account_id, created_at DESC);

-- A customer's answer to a verification request; a row exists only once its Kafka records are
-- written. A "no" also raises a case over gRPC, retried from here until case-service accepts it.
CREATE TABLE verification_answers (
  notification_id uuid PRIMARY KEY REFERENCES notifications (id),
  answer          text NOT NULL CHECK (answer IN ('yes', 'no')),
  answered_at     timestamptz NOT NULL DEFAULT now(),
  case_id         text,
  case_attempts   integer NOT NULL DEFAULT 0,
  case_next_at    timestamptz NOT NULL DEFAULT now(),
  case_error      text
);
CREATE INDEX verification_answers_case_due ON verification_answers (case_next_at)
  WHERE answer = 'no' AND case_id IS NULL;

-- Down Migration
DROP TABLE verification_answers;
DROP TABLE notifications;
DROP TABLE contact_preferences;
