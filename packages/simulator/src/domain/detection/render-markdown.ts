import type { DetectionReport } from './detection-report.ts';

/** "—" when there is nothing to measure; otherwise 1 decimal place of a percentage. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** 0s, 45s, 3m 05s, 1h 02m: a time to catch as an agent would read it. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** "rule-a 12, rule-b 3", or "—" when no decision named its rules. */
export function formatRules(rules: readonly { rule: string; events: number }[]): string {
  return rules.length === 0 ? '—' : rules.map((r) => `${r.rule} ${r.events}`).join(', ');
}

export function renderMarkdown(report: DetectionReport): string {
  const lines = [
    '## Detection by scenario',
    '',
    '| scenario | episodes | caught | recall | median time to catch | p90 time to catch | attack events flagged | flagged mostly by |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...report.scenarios.map((q) =>
      `| ${q.scenario} | ${q.episodes} | ${q.caught} | ${formatRate(q.recall)} | ${formatDuration(q.medianTimeToCatchMs)} | ${formatDuration(q.p90TimeToCatchMs)} | ${q.attackEventsFlagged}/${q.attackEvents} | ${formatRules(q.topRules)} |`,
    ),
    `| **all** | ${report.overall.episodes} | ${report.overall.caught} | ${formatRate(report.overall.recall)} | | | | |`,
    '',
    '## False positives on benign accounts',
    '',
    '| measure | flagged | total | rate |',
    '| --- | ---: | ---: | ---: |',
    `| benign events with a non-allow outcome | ${report.benign.flaggedEvents} | ${report.benign.events} | ${formatRate(report.benign.eventFalsePositiveRate)} |`,
    `| benign accounts with any non-allow outcome | ${report.benign.flaggedAccounts} | ${report.benign.accounts} | ${formatRate(report.benign.accountFalsePositiveRate)} |`,
    '',
    `Benign flags by outcome: challenge ${report.benign.flaggedByOutcome.challenge}, review ${report.benign.flaggedByOutcome.review}, block ${report.benign.flaggedByOutcome.block}.`,
    ...(report.benign.flaggedByRule.length > 0
      ? ['', `Rules behind benign flags (events): ${formatRules(report.benign.flaggedByRule)}.`]
      : []),
    '',
    '## Coverage',
    '',
    `${report.coverage.decidedEvents} of ${report.coverage.labelledEvents} measured events have a decision (${report.coverage.missingDecisions} missing); ` +
      `${report.coverage.unlabelledDecisions} decisions for unlabelled events; ${report.coverage.duplicateDecisions} duplicate decisions.`,
  ];
  if (report.coverage.missingDecisions > 0)
    lines.push('', '> Decisions are missing for some events: a missed episode may be a lag or a crash, not a detection gap.');
  return `${lines.join('\n')}\n`;
}
