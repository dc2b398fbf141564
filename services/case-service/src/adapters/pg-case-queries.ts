import type pg from 'pg';
import {
  SEVERITIES,
  SEVERITY_RANK,
  type CaseDetail,
  type CaseSummary,
  type Severity,
} from '../domain/case-model.ts';
import type { CountCasesQuery, ListCasesQuery, ListCursor } from '../domain/commands.ts';
import {
  CASE_COLUMNS,
  toAlert,
  toAudit,
  toNote,
  toSummary,
  type AlertRow,
  type AuditRow,
  type CaseRow,
  type NoteRow,
} from './pg-rows.ts';

export async function getCase(pool: pg.Pool, caseId: string): Promise<CaseDetail | undefined> {
  const [cases, alerts, notes, audit] = await Promise.all([
    pool.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [caseId]),
    pool.query<AlertRow>('SELECT * FROM alerts WHERE case_id = $1 ORDER BY created_at, id', [
      caseId,
    ]),
    pool.query<NoteRow>(
      'SELECT id, author, body, created_at FROM notes WHERE case_id = $1 ORDER BY created_at, id',
      [caseId],
    ),
    pool.query<AuditRow>(
      'SELECT id, actor, actor_role, action, before, after, at FROM audit_events WHERE case_id = $1 ORDER BY at, id',
      [caseId],
    ),
  ]);
  const row = cases.rows[0];
  if (!row) return undefined;
  return {
    summary: toSummary(row),
    alerts: alerts.rows.map(toAlert),
    notes: notes.rows.map(toNote),
    audit: audit.rows.map(toAudit),
    firstActionAt: row.first_action_at ?? undefined,
    resolvedBy: row.resolved_by ?? undefined,
    resolutionComment: row.resolution_comment ?? undefined,
  };
}

/** Builds the keyset query; exported so the EXPLAIN test checks the exact SQL ListCases runs. */
/** The WHERE terms of ListCases's filters (shared with CountCases), their values in `values`. */
function filterTerms(
  query: Omit<ListCasesQuery, 'order' | 'pageSize' | 'after'>,
  param: (value: unknown) => string,
): string[] {
  const where: string[] = [];
  if (query.statuses.length === 1) where.push(`status = ${param(query.statuses[0])}`);
  else if (query.statuses.length > 1) where.push(`status = ANY(${param(query.statuses)}::text[])`);
  if (query.severities.length === 1)
    where.push(`severity = ${param(SEVERITY_RANK[query.severities[0]!])}`);
  else if (query.severities.length > 1)
    where.push(
      `severity = ANY(${param(query.severities.map((s) => SEVERITY_RANK[s]))}::smallint[])`,
    );
  if (query.assignee !== undefined) where.push(`assignee = ${param(query.assignee)}`);
  if (query.accountId !== undefined) where.push(`account_id = ${param(query.accountId)}`);
  if (query.createdAfter !== undefined) where.push(`created_at >= ${param(query.createdAfter)}`);
  if (query.createdBefore !== undefined) where.push(`created_at < ${param(query.createdBefore)}`);
  return where;
}

export function listCasesSql(query: ListCasesQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = filterTerms(query, param);
  const after = query.after;
  const severe = query.order === 'most_severe';
  // Oldest first walks the same (created_at, id) index backwards: no index of its own.
  const oldest = query.order === 'oldest';
  if (after) {
    // Row-value comparison in the index's own direction: the scan starts right after the cursor.
    where.push(
      severe
        ? `(severity, created_at, id) < (${param(after.severityRank)}::smallint, ${param(after.createdAt)}::timestamptz, ${param(after.caseId)}::uuid)`
        : `(created_at, id) ${oldest ? '>' : '<'} (${param(after.createdAt)}::timestamptz, ${param(after.caseId)}::uuid)`,
    );
  }
  const order = severe
    ? 'severity DESC, created_at DESC, id DESC'
    : oldest
      ? 'created_at ASC, id ASC'
      : 'created_at DESC, id DESC';
  const text = `SELECT ${CASE_COLUMNS} FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order} LIMIT ${param(query.pageSize + 1)}`;
  return { text, values };
}

export async function listCases(
  pool: pg.Pool,
  query: ListCasesQuery,
): Promise<{ cases: CaseSummary[]; next: ListCursor | undefined }> {
  const { rows } = await pool.query<CaseRow>(listCasesSql(query));
  const page = rows.slice(0, query.pageSize);
  const last = page.at(-1);
  const next =
    rows.length > query.pageSize && last
      ? {
          order: query.order,
          severityRank: last.severity,
          createdAt: last.created_cursor,
          caseId: last.id,
        }
      : undefined;
  return { cases: page.map(toSummary), next };
}

/**
 * One capped count per severity, in one statement: each branch stops at `cap` rows of an index
 * range (the queue's partial indexes), so a count costs at most `cap` index entries, never a
 * scan of the backlog, and no case is read out of the heap beyond what the filter needs.
 */
export function countCasesSql(query: CountCasesQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const severities = query.severities.length > 0 ? query.severities : SEVERITIES;
  const cap = param(query.cap);
  // The other filters' parameters are shared by every branch; each adds its own severity.
  const shared = filterTerms({ ...query, severities: [] }, param);
  const branches = severities.map((severity) => {
    const where = [...shared, `severity = ${param(SEVERITY_RANK[severity])}`];
    return `SELECT ${param(severity)}::text AS severity, count(*)::int AS n
      FROM (SELECT 1 FROM cases WHERE ${where.join(' AND ')} LIMIT ${cap}) capped`;
  });
  return { text: branches.join('\nUNION ALL\n'), values };
}

export async function countCases(
  pool: pg.Pool,
  query: CountCasesQuery,
): Promise<Record<Severity, number>> {
  const { rows } = await pool.query<{ severity: Severity; n: number }>(countCasesSql(query));
  const counts: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const { severity, n } of rows) counts[severity] = n;
  return counts;
}
