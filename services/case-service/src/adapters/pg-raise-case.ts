import type pg from 'pg';
import { preparedStatement } from '@vigil/postgres';
import {
  SEVERITY_RANK,
  severityFromRank,
  type Principal,
  type Severity,
} from '../domain/case-model.ts';
import type { RaiseCaseCommand, RaiseCaseResult } from '../domain/commands.ts';

const RAISE_CASE = preparedStatement(
  'raise_case',
  `SELECT o_case_id, o_alert_id, o_case_created, o_alert_created, o_severity
    FROM raise_case($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
);

interface RaiseRow {
  o_case_id: string;
  o_alert_id: string;
  o_case_created: boolean;
  o_alert_created: boolean;
  o_severity: number;
}

/**
 * Files a decision as an alert on the account's open case, opening one if there is none, via
 * the raise_case() function (migration 1764000000001): one round trip, one transaction. It takes
 * a per-account advisory lock, so concurrent decisions for one account make one case (the
 * partial unique index on open cases is the backstop) and a replayed decisionId finds its alert.
 */
export async function raiseCase(
  pool: pg.Pool,
  channel: string,
  command: RaiseCaseCommand,
  severity: Severity,
  by: Principal,
): Promise<RaiseCaseResult> {
  const { rows } = await pool.query<RaiseRow>(
    RAISE_CASE.with([
      command.accountId,
      command.decisionId,
      command.eventId,
      command.eventType,
      command.score,
      command.outcome,
      SEVERITY_RANK[severity],
      JSON.stringify(command.reasons),
      JSON.stringify(command.subject),
      command.occurredAt,
      command.decidedAt,
      by.id,
      by.role,
      channel,
    ]),
  );
  const row = rows[0];
  if (!row) throw new Error('raise_case returned no row');
  return {
    caseId: row.o_case_id,
    alertId: row.o_alert_id,
    caseCreated: row.o_case_created,
    alertCreated: row.o_alert_created,
    severity: severityFromRank(row.o_severity),
  };
}
