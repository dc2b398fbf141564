-- Up Migration

-- Per-rule quality summed per UTC day of the decision (issue 18): a refresh of the 7 / 30-day
-- gauges reads at most days × rules rows, where aggregating the ledger read every flagged
-- decision of the window each time (millions of rows a month on a busy platform). Kept up to date
-- in the transactions that change what the aggregate counts (src/adapters/pg-rule-quality-days.ts);
-- pruned with the ledger.
CREATE TABLE rule_quality_days (
  day date NOT NULL,
  rule text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('enforce', 'shadow')),
  hits bigint NOT NULL,
  fraud bigint NOT NULL,
  legit bigint NOT NULL,
  challenges bigint NOT NULL,
  it_was_me bigint NOT NULL,
  PRIMARY KEY (day, rule, mode)
);

-- What the ledger holds already, counted as the aggregate did (services are stopped while
-- migrations run, so nothing is written meanwhile).
INSERT INTO rule_quality_days (day, rule, mode, hits, fraud, legit, challenges, it_was_me)
WITH hits AS (
  SELECT l.decision_id, l.outcome, (l.decided_at AT TIME ZONE 'UTC')::date AS day, r.rule, 'enforce' AS mode
  FROM decision_ledger l, unnest(l.rules) AS r(rule)
  UNION ALL
  SELECT l.decision_id, l.outcome, (l.decided_at AT TIME ZONE 'UTC')::date AS day, r.rule, 'shadow' AS mode
  FROM decision_ledger l, unnest(l.shadow_rules) AS r(rule)
)
SELECT h.day, h.rule, h.mode, count(*),
  count(*) FILTER (WHERE lb.verdict = 'fraud'),
  count(*) FILTER (WHERE lb.verdict = 'legit'),
  count(*) FILTER (WHERE h.outcome = 'challenge'),
  count(*) FILTER (WHERE h.outcome = 'challenge' AND EXISTS (
    SELECT 1 FROM label_evidence e
    WHERE e.decision_id = h.decision_id AND e.source = 'customer_answer' AND e.verdict = 'legit'
  ))
FROM hits h LEFT JOIN labels lb ON lb.decision_id = h.decision_id
GROUP BY h.day, h.rule, h.mode;

-- Down Migration
DROP TABLE rule_quality_days;
