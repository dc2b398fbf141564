-- Up Migration

-- RaiseCase in one round trip. The risk engine raises a case per review/block decision, so this
-- is the hot path (target >= 1,000/s): one call instead of nine statements. Policy stays in
-- TypeScript (severity is computed there and passed in); this function only does the atomic
-- "find or open the account's case, attach the alert, audit, notify" that must hold one lock.
CREATE FUNCTION raise_case(
  p_account_id text,
  p_decision_id text,
  p_event_id text,
  p_event_type text,
  p_score real,
  p_outcome text,
  p_severity smallint,
  p_reasons jsonb,
  p_subject jsonb,
  p_occurred_at timestamptz,
  p_decided_at timestamptz,
  p_actor text,
  p_actor_role text,
  p_channel text
) RETURNS TABLE (o_case_id uuid, o_alert_id uuid, o_case_created boolean, o_alert_created boolean, o_severity smallint)
LANGUAGE plpgsql AS $$
DECLARE
  v_case cases%ROWTYPE;
  v_prior cases%ROWTYPE;
  v_alert_id uuid;
  v_names text[] := ARRAY['low', 'medium', 'high', 'critical'];
BEGIN
  -- Serialises raises for one account: two decisions at once make one case with two alerts,
  -- and a replayed decision waits for the first and then finds its alert.
  PERFORM pg_advisory_xact_lock(hashtextextended('vigil.cases:' || p_account_id, 0));

  SELECT a.case_id, a.id, c.severity INTO o_case_id, o_alert_id, o_severity
  FROM alerts a JOIN cases c ON c.id = a.case_id WHERE a.decision_id = p_decision_id;
  IF FOUND THEN
    o_case_created := false;
    o_alert_created := false;
    RETURN NEXT;
    RETURN;
  END IF;

  SELECT * INTO v_prior FROM cases c WHERE c.account_id = p_account_id AND c.status <> 'resolved' FOR UPDATE;
  IF FOUND THEN
    UPDATE cases c SET severity = GREATEST(c.severity, p_severity), alert_count = c.alert_count + 1,
      updated_at = clock_timestamp()
    WHERE c.id = v_prior.id RETURNING * INTO v_case;
    o_case_created := false;
  ELSE
    INSERT INTO cases (account_id, status, severity, alert_count) VALUES (p_account_id, 'open', p_severity, 1)
    RETURNING * INTO v_case;
    o_case_created := true;
  END IF;

  INSERT INTO alerts (case_id, decision_id, event_id, event_type, account_id, score, outcome, severity, reasons,
    subject, occurred_at, decided_at)
  VALUES (v_case.id, p_decision_id, p_event_id, p_event_type, p_account_id, p_score, p_outcome, p_severity, p_reasons,
    p_subject, p_occurred_at, p_decided_at)
  RETURNING id INTO v_alert_id;

  INSERT INTO audit_events (case_id, account_id, actor, actor_role, action, before, after)
  VALUES (
    v_case.id, p_account_id, p_actor, p_actor_role,
    CASE WHEN o_case_created THEN 'case_opened' ELSE 'alert_attached' END,
    CASE WHEN o_case_created THEN NULL
         ELSE jsonb_build_object('severity', v_names[v_prior.severity], 'alertCount', v_prior.alert_count) END,
    jsonb_build_object('status', v_case.status, 'severity', v_names[v_case.severity], 'alertCount', v_case.alert_count,
      'decisionId', p_decision_id, 'alertId', v_alert_id)
  );

  -- Delivered to LISTENers only if this transaction commits.
  PERFORM pg_notify(p_channel, json_build_object(
    'kind', CASE WHEN o_case_created THEN 'case_opened' ELSE 'alert_attached' END,
    'caseId', v_case.id, 'accountId', p_account_id, 'status', v_case.status,
    'severity', v_names[v_case.severity], 'assignee', v_case.assignee, 'actor', p_actor,
    'at', to_char(v_case.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )::text);

  o_case_id := v_case.id;
  o_alert_id := v_alert_id;
  o_alert_created := true;
  o_severity := v_case.severity;
  RETURN NEXT;
END;
$$;

-- Down Migration
DROP FUNCTION raise_case(text, text, text, text, real, text, smallint, jsonb, jsonb, timestamptz, timestamptz, text, text, text);
