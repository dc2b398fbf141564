import type { Case__Output, CaseChange__Output, CaseSummary__Output } from '@vigil/protos';

/** Plain-text table: columns padded to their widest cell, a dashed rule under the header. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** SEVERITY_CRITICAL → critical, CASE_STATUS_IN_PROGRESS → in_progress. */
export const short = (wire: string, prefix: string) =>
  wire.startsWith(prefix) ? wire.slice(prefix.length).toLowerCase() : wire;

export function age(fromIso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400)
    return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86_400)}d${Math.floor((seconds % 86_400) / 3600)}h`;
}

export function caseTable(cases: readonly CaseSummary__Output[], now: Date): string {
  return table(
    ['CASE', 'ACCOUNT', 'SEVERITY', 'STATUS', 'ASSIGNEE', 'ALERTS', 'AGE'],
    cases.map((c) => [
      c.caseId,
      c.accountId,
      short(c.severity, 'SEVERITY_'),
      short(c.status, 'CASE_STATUS_'),
      c.assignee ?? '-',
      String(c.alertCount),
      age(c.createdAt, now),
    ]),
  );
}

export function caseDetail(found: Case__Output, now: Date): string {
  const s = found.summary;
  const sla = found.sla;
  const out: string[] = [];
  if (s) {
    out.push(
      `case      ${s.caseId}`,
      `account   ${s.accountId}`,
      `severity  ${short(s.severity, 'SEVERITY_')}    status ${short(s.status, 'CASE_STATUS_')}    assignee ${s.assignee ?? '-'}`,
      `opened    ${s.createdAt} (${age(s.createdAt, now)} ago)`,
    );
    if (s.resolvedAt)
      out.push(
        `resolved  ${s.resolvedAt} by ${found.resolvedBy ?? '?'}: ${short(s.disposition, 'DISPOSITION_')} ${found.resolutionComment ?? ''}`.trimEnd(),
      );
  }
  if (sla) {
    const first =
      sla.timeToFirstActionSeconds === undefined
        ? 'none yet'
        : `${Math.round(sla.timeToFirstActionSeconds)}s`;
    out.push(`sla       age ${Math.round(sla.ageSeconds)}s, first action ${first}`);
  }
  out.push('', `ALERTS (${found.alerts.length})`);
  out.push(
    table(
      ['DECIDED', 'OUTCOME', 'SCORE', 'SEVERITY', 'DECISION', 'REASONS'],
      found.alerts.map((a) => [
        a.decidedAt,
        short(a.outcome, 'DECISION_OUTCOME_'),
        String(a.score),
        short(a.severity, 'SEVERITY_'),
        a.decisionId,
        a.reasons.map((r) => `${r.rule}(${r.score})`).join(', '),
      ]),
    ),
  );
  out.push('', `NOTES (${found.notes.length})`);
  for (const n of found.notes) out.push(`  ${n.createdAt}  ${n.author}: ${n.body}`);
  out.push('', 'AUDIT');
  out.push(
    table(
      ['AT', 'ACTOR', 'ROLE', 'ACTION', 'CHANGE'],
      found.audit.map((e) => [
        e.at,
        e.actor,
        e.actorRole,
        e.action,
        changeText(e.beforeJson, e.afterJson),
      ]),
    ),
  );
  return out.join('\n');
}

function changeText(before: string, after: string): string {
  if (before === '') return after;
  return `${before} → ${after}`;
}

export function changeLine(change: CaseChange__Output): string {
  return [
    change.at,
    short(change.kind, 'CHANGE_KIND_').padEnd(16),
    change.caseId,
    change.accountId,
    short(change.severity, 'SEVERITY_'),
    short(change.status, 'CASE_STATUS_'),
    `by ${change.actor}`,
  ].join('  ');
}
