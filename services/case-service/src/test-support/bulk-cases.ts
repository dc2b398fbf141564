import type pg from 'pg';

// Bulk seeding for scale tests and benchmarks (list-cases-scale.int.test.ts, test/bench): many
// realistic cases straight in PostgreSQL with generate_series, not one RaiseCase per case.

export const BULK_ACCOUNT_PREFIX = 'bulk-';
/** Who bulk cases are assigned to unless the caller names its own agents. */
export const BULK_AGENTS: readonly string[] = Array.from({ length: 20 }, (_, i) => `agent-${i}`);
/** Bulk cases were opened this many seconds apart, going back from an hour ago. */
export const BULK_SECONDS_APART = 2.6;

export interface BulkCaseOptions {
  /** Assignees of the in-progress and resolved cases, in turn (default BULK_AGENTS). */
  agents?: readonly string[];
  /**
   * Also each case's alerts (its decisions, with reasons and subject), notes and audit trail,
   * as RaiseCase, AssignCase, AddNote and ResolveCase would have written them (default true).
   * Off: the cases table alone, which is all a ListCases plan looks at.
   */
  history?: boolean;
  /** Cases per statement (default 50,000); progress is reported after each. */
  chunk?: number;
  onProgress?: (inserted: number) => void;
}

// One case per account `bulk-<g>`: 70% resolved (by their assignee, a third each disposition),
// 20% in progress, 10% open; 30% low, 35% medium, 25% high, 10% critical whatever the status
// (a hash of g, so no severity lines up with a status or an agent); 1-3 alerts; opened every BULK_SECONDS_APART
// going back from an hour ago (a million cases are a month of history; every alert, assignment
// and resolution is in the past, and every unresolved case is past a one-hour SLA).
const CASES = `
  INSERT INTO cases (account_id, status, severity, assignee, alert_count, created_at, updated_at,
                     first_action_at, resolved_at, resolved_by, disposition, resolution_comment)
  SELECT $3 || g,
         CASE WHEN g % 10 < 7 THEN 'resolved' WHEN g % 10 < 9 THEN 'in_progress' ELSE 'open' END,
         CASE WHEN h < 30 THEN 1 WHEN h < 65 THEN 2 WHEN h < 90 THEN 3 ELSE 4 END,
         CASE WHEN g % 10 < 9 THEN agents[1 + (g / 10) % cardinality(agents)] END,
         1 + g % 3,
         opened,
         opened + CASE WHEN g % 10 < 7 THEN interval '1 hour' ELSE interval '5 minutes' END,
         CASE WHEN g % 10 < 9 THEN opened + interval '5 minutes' END,
         CASE WHEN g % 10 < 7 THEN opened + interval '1 hour' END,
         CASE WHEN g % 10 < 7 THEN agents[1 + (g / 10) % cardinality(agents)] END,
         CASE WHEN g % 10 < 7 THEN (ARRAY['confirmed_fraud', 'false_positive', 'inconclusive'])[1 + (g / 10) % 3] END,
         CASE WHEN g % 10 < 7 THEN 'Checked with the customer' END
  FROM generate_series($1::int, $2::int) g,
       LATERAL (SELECT now() - interval '1 hour' - make_interval(secs => g * $5::float8) AS opened,
                       $4::text[] AS agents, abs(hashtext('severity' || g)) % 100 AS h) t`;

// Reasons as the default rule set words them, one set per alert severity (1 low .. 4 critical).
const REASONS = `jsonb_build_array(
  '[{"rule":"high-risk-mcc","score":40,"message":"merchant category 7995 is high risk","observed":"7995"}]'::jsonb,
  '[{"rule":"country-mismatch","score":30,"message":"card country US differs from IP country JP","observed":"US/JP"},
    {"rule":"unusual-amount","score":20,"message":"amount 4.2x the account median","observed":"4.2","threshold":"3"}]'::jsonb,
  '[{"rule":"tx-count-account-1h","score":40,"message":"21 transactions in 1h","observed":"21","threshold":"20"},
    {"rule":"single-payment-limit","score":35,"message":"payment 125000 JPY over the tier limit 100000","observed":"125000","threshold":"100000"}]'::jsonb,
  '[{"rule":"card-testing-cards-per-device-1h","score":85,"message":"9 distinct cards per device in 1h","observed":"9","threshold":"8"},
    {"rule":"new-device-high-amount","score":35,"message":"payment 480000 JPY from a device first seen today","observed":"480000","threshold":"100000"}]'::jsonb)`;

// Every case's alerts (the last as severe as the case, earlier ones milder, two minutes apart),
// a note on a third of the worked cases, and the audit trail of all of it.
const HISTORY = `
, a AS (
  INSERT INTO alerts (case_id, decision_id, event_id, event_type, account_id, score, outcome, severity,
                      reasons, subject, occurred_at, decided_at, created_at)
  SELECT c.id, 'dec-' || c.account_id || '-' || k, 'evt-' || c.account_id || '-' || k, 'transaction',
         c.account_id, (ARRAY[25, 50, 75, 92])[sev] + k, CASE WHEN sev = 3 AND k = 1 THEN 'block' ELSE 'review' END,
         sev, ${REASONS} -> (sev - 1),
         jsonb_build_object('transactionId', 'tx-' || c.account_id || '-' || k,
                            'deviceId', 'dev-' || c.account_id, 'ip', '203.0.113.' || (k * 37 + c.severity)),
         at - interval '2 seconds', at - interval '1 second', at
  FROM c, LATERAL (
    SELECT k, greatest(1, c.severity - (c.alert_count - k))::smallint AS sev,
           c.created_at + (k - 1) * interval '2 minutes' AS at
    FROM generate_series(1, c.alert_count) k) s
  RETURNING id, case_id, account_id, decision_id, severity, created_at
), n AS (
  INSERT INTO notes (case_id, author, body, created_at)
  SELECT id, assignee, 'Customer confirmed the device; card issuer contacted.', first_action_at + interval '10 minutes'
  FROM c WHERE assignee IS NOT NULL AND alert_count = 2
  RETURNING id, case_id, author, body, created_at
)
INSERT INTO audit_events (case_id, account_id, actor, actor_role, action, before, after, at)
SELECT a.case_id, a.account_id, 'risk-engine', 'service',
       CASE WHEN a.created_at = c.created_at THEN 'case_opened' ELSE 'alert_attached' END,
       NULL, jsonb_build_object('status', 'open', 'decisionId', a.decision_id, 'alertId', a.id), a.created_at
FROM a JOIN c ON c.id = a.case_id
UNION ALL
SELECT id, account_id, assignee, 'agent', 'assigned', jsonb_build_object('assignee', NULL, 'status', 'open'),
       jsonb_build_object('assignee', assignee, 'status', 'in_progress'), first_action_at
FROM c WHERE assignee IS NOT NULL
UNION ALL
SELECT n.case_id, c.account_id, n.author, 'agent', 'note_added', NULL,
       jsonb_build_object('noteId', n.id, 'body', n.body), n.created_at
FROM n JOIN c ON c.id = n.case_id
UNION ALL
SELECT id, account_id, resolved_by, 'agent', 'resolved', jsonb_build_object('status', 'in_progress'),
       jsonb_build_object('status', 'resolved', 'disposition', disposition, 'comment', resolution_comment), resolved_at
FROM c WHERE status = 'resolved'`;

/**
 * Fills the schema the pool's search_path points at with `total` bulk cases (see CASES above),
 * in chunks so progress shows, then vacuums and analyzes what it wrote so plans see the real sizes.
 */
export async function bulkInsertCases(
  pool: pg.Pool,
  total: number,
  options: BulkCaseOptions = {},
): Promise<void> {
  const { agents = BULK_AGENTS, history = true, chunk = 50_000, onProgress } = options;
  const text = history ? `WITH c AS (${CASES} RETURNING *) ${HISTORY}` : CASES;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    await pool.query(text, [from, to, BULK_ACCOUNT_PREFIX, agents, BULK_SECONDS_APART]);
    onProgress?.(to);
  }
  // Vacuumed as a live table would be: visibility map set (index-only scans), hint bits written.
  await pool.query(`VACUUM (ANALYZE) ${history ? 'cases, alerts, notes, audit_events' : 'cases'}`);
}
