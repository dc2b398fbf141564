-- Up Migration

-- The agent console's queue (issue 16) asks for the unresolved backlog most severe first, and
-- counts it per severity (a page of up to 200 per severity), narrowed to one agent for "mine".
-- With a million cases, the views a team is glad to see -- no critical case waiting, an agent with
-- nothing in progress -- matched nothing and walked the whole backlog or every resolved case to
-- prove it: 300,000 rows (57,000 buffers) for one count, 70,000 for the queue as it opens
-- (test/bench/results/console-queue-plans.md). These make each of them a range of its own.
-- Built in the migration's transaction: writes to cases wait a few seconds per million cases.

-- The queue as it opens (open + in progress, most severe first), its per-severity counts, and
-- the SLA-breached view (the same range, cut at created_at).
CREATE INDEX cases_unresolved_severe ON cases (severity DESC, created_at DESC, id DESC)
  WHERE status <> 'resolved';
-- "Assigned to me" on unresolved cases, in severity order and counted per severity.
CREATE INDEX cases_assignee_unresolved_severe ON cases (assignee, severity DESC, created_at DESC, id DESC)
  WHERE status <> 'resolved';
-- Status and severity are not independent (a team clears critical cases first): without their
-- joint frequencies the planner took "open and critical" to be common when there were none, and
-- chose to walk the backlog in time order looking for them.
CREATE STATISTICS cases_status_severity (mcv) ON status, severity FROM cases;
ANALYZE cases;

-- Down Migration
DROP STATISTICS cases_status_severity;
DROP INDEX cases_assignee_unresolved_severe;
DROP INDEX cases_unresolved_severe;
