import { preparedStatement } from '@vigil/postgres';

/**
 * What an intake batch reads once, under its accounts' locks: the causes among the batch's that
 * were recorded before, each account's notices counted by the rate limit, and each account's
 * open incident with its notices. Those notices are locked (FOR NO KEY UPDATE: the dispatcher's
 * claim skips them until the batch commits, a verification answer referring to one does not
 * wait), so listing an activity in an unsent one or withdrawing it can wait for the batch's end;
 * `held` gives their status, what they list and when they were created. One row.
 */
export const LOAD_INTAKE_STATE = preparedStatement(
  'load_intake_state',
  `WITH open AS (
     SELECT id, account_id, locked, last_activity_at FROM notice_incidents
      WHERE account_id = ANY($1::text[]) AND closed_at IS NULL
   ), held AS (
     -- Every notice of the open incidents, not only the unsent ones: with status next to
     -- incident_id the planner may also scan notifications_due (every unsent notice).
     SELECT n.id, n.status, jsonb_array_length(n.activities) AS listed, n.created_at
       FROM notifications n JOIN open o ON n.incident_id = o.id
        FOR NO KEY UPDATE OF n
   )
   SELECT
     floor(extract(epoch FROM now()) * 1000) AS now_ms,
     (SELECT COALESCE(json_agg(json_build_array(c.cause_id, c.kind)), '[]'::json)
        FROM notice_causes c
       WHERE c.cause_id = ANY($3::text[])
         AND (c.cause_id, c.kind) IN (SELECT * FROM unnest($3::text[], $4::text[]))
     ) AS recorded,
     (SELECT COALESCE(json_object_agg(a.account_id, a.n), '{}'::json)
        FROM (SELECT account_id, count(*) AS n FROM notifications
               WHERE account_id = ANY($1::text[]) AND status NOT IN ('suppressed', 'dead')
                 AND created_at > now() - $2 * interval '1 millisecond'
               GROUP BY account_id) a
     ) AS accepted,
     (SELECT COALESCE(json_agg(json_build_object(
               'id', o.id, 'account_id', o.account_id, 'locked', o.locked,
               'last_activity_ms', floor(extract(epoch FROM o.last_activity_at) * 1000),
               'notices', (SELECT COALESCE(json_agg(json_build_object('id', n.id, 'kind', n.kind)), '[]'::json)
                             FROM notifications n WHERE n.incident_id = o.id))), '[]'::json)
        FROM open o
     ) AS incidents,
     (SELECT COALESCE(json_agg(json_build_object(
               'id', h.id, 'status', h.status, 'listed', h.listed,
               'created_ms', floor(extract(epoch FROM h.created_at) * 1000))), '[]'::json)
        FROM held h
     ) AS held`,
);

/**
 * A batch's changes to rows that existed before it: incidents (activity, lock, close) and the
 * unsent notices it holds locked since its load (activities listed, withdrawn); before its new
 * incidents go in, as one incident closed here may be what lets the account's next one open.
 * The `= ANY` beside each join keeps the plan on the primary keys.
 */
export const UPDATE_HELD = preparedStatement(
  'update_intake_held',
  `WITH incidents AS (
     UPDATE notice_incidents i
        SET last_activity_at = GREATEST(i.last_activity_at, u.last_activity_at),
            locked = i.locked OR u.locked,
            closed_at = CASE WHEN u.closed_by IS NULL OR i.closed_at IS NOT NULL THEN i.closed_at ELSE now() END,
            closed_by = COALESCE(i.closed_by, u.closed_by)
       FROM unnest($1::uuid[], $2::timestamptz[], $3::boolean[], $4::text[]) AS u(id, last_activity_at, locked, closed_by)
      WHERE i.id = u.id AND i.id = ANY($1::uuid[])
   )
   UPDATE notifications n
      SET activities = n.activities || u.appended::jsonb,
          activity_count = n.activity_count + u.added,
          status = COALESCE(u.withdrawn_status, n.status),
          last_error = COALESCE(u.withdrawn_reason, n.last_error),
          updated_at = now()
     FROM unnest($5::uuid[], $6::text[], $7::int[], $8::text[], $9::text[])
       AS u(id, appended, added, withdrawn_status, withdrawn_reason)
    WHERE n.id = u.id AND n.id = ANY($5::uuid[])`,
);

/**
 * A batch's new incidents, notices and causes in one statement: the foreign keys between them
 * are checked at its end, when all three are in.
 */
export const INSERT_INTAKE = preparedStatement(
  'insert_intake',
  `WITH incidents AS (
     INSERT INTO notice_incidents (id, account_id, opened_at, last_activity_at, locked, closed_at, closed_by)
     SELECT id, account_id, opened_at, last_activity_at, locked,
            CASE WHEN closed_by IS NULL THEN NULL ELSE now() END, closed_by
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::boolean[], $6::text[])
         AS t(id, account_id, opened_at, last_activity_at, locked, closed_by)
   ), notices AS (
     INSERT INTO notifications (id, decision_id, kind, account_id, status, facts, decision, decided_at,
                                last_error, incident_id, next_attempt_at, activities, activity_count)
     SELECT id, decision_id, kind, account_id, status, facts::jsonb, decision::jsonb, decided_at,
            last_error, incident_id, now() + send_after_ms * interval '1 millisecond', activities::jsonb,
            activity_count
       FROM unnest($7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                   $14::timestamptz[], $15::text[], $16::uuid[], $17::float8[], $18::text[], $19::int[])
         AS t(id, decision_id, kind, account_id, status, facts, decision, decided_at, last_error,
              incident_id, send_after_ms, activities, activity_count)
   )
   INSERT INTO notice_causes (cause_id, kind, account_id, incident_id, notification_id, outcome, caused_at)
   SELECT * FROM unnest($20::text[], $21::text[], $22::text[], $23::uuid[], $24::uuid[], $25::text[],
                        $26::timestamptz[])`,
);

// Asked of the database while the batch runs: rows the batch did not write, which the dispatcher
// may change at any moment (its sends), or which the batch did not load.

export const CAUSE_RECORDED = preparedStatement(
  'cause_recorded',
  'SELECT 1 FROM notice_causes WHERE cause_id = $1 AND kind = $2',
);
export const OPEN_INCIDENT_OF = preparedStatement(
  'open_incident_of',
  `SELECT i.id FROM notifications n JOIN notice_incidents i ON i.id = n.incident_id
    WHERE n.decision_id = $1 AND n.kind = $2 AND i.closed_at IS NULL`,
);
export const UPDATE_INCIDENT = preparedStatement(
  'update_incident',
  `UPDATE notice_incidents i
        SET last_activity_at = GREATEST(i.last_activity_at, COALESCE($2, i.last_activity_at)),
            locked = i.locked OR $3,
            closed_at = CASE WHEN $4::text IS NULL OR i.closed_at IS NOT NULL THEN i.closed_at ELSE now() END,
            closed_by = COALESCE(i.closed_by, $4)
       FROM notice_incidents was
      WHERE i.id = $1 AND was.id = $1
    RETURNING i.locked AND NOT was.locked AS locked,
              i.closed_at IS NOT NULL AND was.closed_at IS NULL AS closed`,
);
export const ACCEPTED_SINCE = preparedStatement(
  'accepted_since',
  `SELECT count(*) AS n FROM notifications
    WHERE account_id = $1 AND status NOT IN ('suppressed', 'dead')
      AND created_at > now() - $2 * interval '1 millisecond'`,
);
export const ADD_ACTIVITY = preparedStatement(
  'add_activity',
  `UPDATE notifications
      SET activities = CASE WHEN jsonb_array_length(activities) + 1 < $3 THEN activities || jsonb_build_array($2::jsonb)
                            ELSE activities END,
          activity_count = activity_count + 1, updated_at = now()
    WHERE id = $1 AND status = 'pending'`,
);
export const WITHDRAW_NOTICE = preparedStatement(
  'withdraw_notice',
  `UPDATE notifications SET status = 'suppressed', last_error = $2, updated_at = now()
    WHERE id = $1 AND status = 'pending'`,
);
