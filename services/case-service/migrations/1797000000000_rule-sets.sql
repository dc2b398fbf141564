-- Up Migration

-- Rule-set versions for the risk engine, proposed and approved under four eyes
-- (src/domain/rule-set-versions.ts). The version id is the YAML's own `version`.
CREATE TABLE rule_set_versions (
  version text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('proposed', 'active', 'rejected', 'retired', 'rolled_back')),
  yaml text NOT NULL,
  sha256 text NOT NULL,
  rule_count integer NOT NULL,
  -- Backtest summary (Markdown) attached to the proposal.
  summary text,
  author text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  decided_by text,
  decided_at timestamptz,
  decision_comment text,
  activated_at timestamptz,
  -- The version that was active when this one became active: what a rollback returns to.
  replaces text REFERENCES rule_set_versions (version),
  -- Four eyes, also for whoever writes SQL by hand.
  CHECK (decided_by IS NULL OR decided_by <> author)
);

-- At most one version is in force.
CREATE UNIQUE INDEX rule_set_versions_one_active ON rule_set_versions (status) WHERE status = 'active';
CREATE INDEX rule_set_versions_newest ON rule_set_versions (proposed_at DESC);

-- Append-only: who did what to which version, and when.
CREATE TABLE rule_set_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version text NOT NULL REFERENCES rule_set_versions (version),
  actor text NOT NULL,
  actor_role text NOT NULL,
  action text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX rule_set_audit_version ON rule_set_audit (version, id);

-- Down Migration
DROP TABLE rule_set_audit;
DROP TABLE rule_set_versions;
