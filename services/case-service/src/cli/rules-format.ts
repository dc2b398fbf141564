import type { RuleSetDetail__Output, RuleSetVersion__Output } from '@vigil/protos';
import { short, table } from './format.ts';

const status = (v: RuleSetVersion__Output) => short(v.status, 'RULE_SET_STATUS_');

export function ruleSetTable(versions: readonly RuleSetVersion__Output[]): string {
  return table(
    ['VERSION', 'STATUS', 'RULES', 'AUTHOR', 'PROPOSED', 'DECIDED BY', 'REPLACES'],
    versions.map((v) => [
      v.version,
      status(v),
      String(v.ruleCount),
      v.author,
      v.proposedAt,
      v.decidedBy ?? '-',
      v.replaces ?? '-',
    ]),
  );
}

/** One line about a version: what the approve / reject / rollback commands print. */
export function ruleSetLine(v: RuleSetVersion__Output): string {
  return `rule set ${v.version} ${status(v)} (sha256 ${v.sha256.slice(0, 12)}…, ${v.ruleCount} rules)`;
}

/** What a reviewer reads: the version, its per-rule diff, the backtest summary and the audit trail. */
export function ruleSetDetail(detail: RuleSetDetail__Output, withYaml: boolean): string {
  const v = detail.version;
  if (!v) return '(no version)';
  const lines = [
    `rule set ${v.version}    status ${status(v)}    ${v.ruleCount} rules    sha256 ${v.sha256}`,
    `proposed by ${v.author} at ${v.proposedAt}` +
      (v.decidedBy ? `; decided by ${v.decidedBy} at ${v.decidedAt ?? '?'}` : '') +
      (v.decisionComment ? ` ("${v.decisionComment}")` : ''),
    '',
  ];
  const diff = detail.diff;
  if (diff) {
    lines.push(
      diff.baseVersion ? `diff against ${diff.baseVersion}:` : 'first version: every rule is new',
    );
    for (const setting of diff.settings) lines.push(`  ~ ${setting}`);
    const mark = { added: '+', removed: '-', changed: '~' } as Record<string, string>;
    for (const rule of diff.rules) {
      lines.push(`  ${mark[rule.kind] ?? '?'} ${rule.ruleId} (${rule.kind})`);
      for (const change of rule.changes) lines.push(`      ${change}`);
    }
    if (diff.baseVersion && diff.settings.length === 0 && diff.rules.length === 0)
      lines.push('  no differences');
  }
  if (v.summary) lines.push('', 'backtest summary:', v.summary.trimEnd());
  lines.push('', 'audit:');
  for (const a of detail.audit)
    lines.push(`  ${a.at}  ${a.actor} (${a.actorRole})  ${a.action}  ${a.detailsJson}`);
  if (withYaml) lines.push('', v.yaml.trimEnd());
  return lines.join('\n');
}
