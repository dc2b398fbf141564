-- Up Migration

-- The agent console's account timeline (issue 16) reads the decision ledger: what kind of event,
-- the score and the enforce reasons in words ([{"rule": …, "message": …}]). NULL on rows kept
-- before this migration; the ledger writer fills them from the decision.
ALTER TABLE decision_ledger
  ADD COLUMN event_type text,
  ADD COLUMN score double precision,
  ADD COLUMN reasons jsonb;

-- GetAccountActivity: one account's newest decisions, answers and disputes.
CREATE INDEX decision_ledger_account_decided ON decision_ledger (account_id, decided_at DESC);
CREATE INDEX label_evidence_account_answers ON label_evidence (account_id, occurred_at DESC)
  WHERE source = 'customer_answer';
CREATE INDEX disputes_account ON disputes (account_id, occurred_at DESC);

-- Down Migration
DROP INDEX disputes_account;
DROP INDEX label_evidence_account_answers;
DROP INDEX decision_ledger_account_decided;
ALTER TABLE decision_ledger DROP COLUMN reasons, DROP COLUMN score, DROP COLUMN event_type;
