-- Up Migration

-- One incident per account at a time: the decisions that called for a notice within
-- NOTICE_INCIDENT_WINDOW_MS of each other. The customer gets at most one notice per incident and
-- kind; an "access restored", or the customer confirming the activity, closes it.
CREATE TABLE notice_incidents (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id       text NOT NULL,
  -- Decision times (decidedAt), not read times: a replay or a lagging consumer groups alike.
  opened_at        timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  -- A lock notice (or the customer's "not me") belongs to it: no "was this you?" any more.
  locked           boolean NOT NULL DEFAULT false,
  closed_at        timestamptz,
  closed_by        text CHECK (closed_by IN ('window', 'access_restored', 'customer_confirmed')),
  created_at       timestamptz NOT NULL DEFAULT now()
);
-- At most one open incident per account, whatever two consumers do at once.
CREATE UNIQUE INDEX notice_incidents_one_open ON notice_incidents (account_id) WHERE closed_at IS NULL;

-- A notice belongs to the incident it was created for (NULL: "access restored" with no incident
-- open), and lists the further activities that joined it before it was sent.
ALTER TABLE notifications
  ADD COLUMN incident_id    uuid REFERENCES notice_incidents (id),
  ADD COLUMN activities     jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN activity_count integer NOT NULL DEFAULT 1,
  ADD CONSTRAINT notifications_once_per_incident UNIQUE (incident_id, kind);

-- Every decision or case resolution that called for a notice, once, with what became of it. The
-- primary key makes a replayed record a no-op however the incident has moved on since.
CREATE TABLE notice_causes (
  cause_id        text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('verification_request', 'lock_notice', 'access_restored')),
  account_id      text NOT NULL,
  incident_id     uuid REFERENCES notice_incidents (id),
  -- The notice that covers it; NULL when a lock notice made a verification request pointless.
  notification_id uuid REFERENCES notifications (id),
  outcome         text NOT NULL CHECK (outcome IN ('created', 'listed', 'covered', 'superseded')),
  caused_at       timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cause_id, kind)
);
CREATE INDEX notice_causes_by_notification ON notice_causes (notification_id);

-- Decisions recorded before this migration were one notice each: their own cause, created.
INSERT INTO notice_causes (cause_id, kind, account_id, notification_id, outcome, caused_at, recorded_at)
SELECT decision_id, kind, account_id, id, 'created', decided_at, created_at FROM notifications;

-- Down Migration
DROP TABLE notice_causes;
ALTER TABLE notifications
  DROP CONSTRAINT notifications_once_per_incident,
  DROP COLUMN activity_count,
  DROP COLUMN activities,
  DROP COLUMN incident_id;
DROP TABLE notice_incidents;
