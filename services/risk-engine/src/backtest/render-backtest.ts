import { DECISION_OUTCOMES } from '@vigil/events';
import type { BacktestReport, SideEffects } from './backtest-report.ts';

// Event and account ids come from upstream: a '|' in one must not break the table.
const cell = (value: string | number) => String(value).replaceAll('|', '\\|');
const row = (cells: readonly (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
const header = (cells: readonly string[], align: readonly string[]) =>
  [row(cells), row(align)].join('\n');
/**
 * A change between two values as shown (agent hours are tenths: 115.8 − 116.2 is
 * -0.4000000000000057 in binary floating point, shown -0.4).
 */
export function delta(before: number, after: number): string {
  const change = Math.round((after - before) * 1e6) / 1e6;
  return change === 0 ? '0' : change > 0 ? `+${change}` : `${change}`;
}

const EFFECTS: [keyof SideEffects, string][] = [
  ['decisions', 'decisions (events)'],
  ['flagged', 'events flagged (challenge, review or block)'],
  ['followUps', 'follow-up decisions'],
  ['verificationRequests', 'verification requests ("was this you?")'],
  ['cases', 'case alerts (review and block)'],
  ['accountsWithCase', 'accounts with a case'],
  ['locks', 'account locks (block)'],
  ['lockNotices', 'lock notices'],
  ['agentHours', 'agent hours (accounts with a case × minutes per case)'],
];

/** The backtest report as Markdown (stable: the same report renders to the same text). */
export function renderBacktest(
  report: BacktestReport,
  context: { period: string; warmup: number; measured: number; eventsPerSecond?: number },
): string {
  const [baseVersion, candVersion] = report.versions;
  // Columns say which side they are: two files often carry the same version while one is edited.
  const base = `baseline ${baseVersion}`;
  const cand = `candidate ${candVersion}`;
  const lines: string[] = [];
  lines.push(`# Backtest: ${cand} against ${base}`, '');
  if (baseVersion === candVersion) lines.push(sameVersionNote(report), '');
  lines.push(
    `${context.period}: ${context.measured} events measured after ${context.warmup} events of warm-up; ` +
      `${report.eventsCompared} decided by both, ${report.changed} changed (outcome or rules).`,
  );
  if (context.eventsPerSecond !== undefined)
    lines.push('', `Replayed at ${Math.round(context.eventsPerSecond)} events/s per rule set.`);
  lines.push('', '## Outcomes (rows: baseline, columns: candidate)', '');
  lines.push(
    header(
      ['baseline \\ candidate', ...DECISION_OUTCOMES],
      ['---', ...DECISION_OUTCOMES.map(() => '---:')],
    ),
  );
  for (const from of DECISION_OUTCOMES)
    lines.push(row([from, ...DECISION_OUTCOMES.map((to) => report.transitions[from][to])]));

  lines.push('', '## Effects', '');
  lines.push(header(['effect', base, cand, 'change'], ['---', '---:', '---:', '---:']));
  const [eb, ec] = report.effects;
  for (const [key, label] of EFFECTS)
    lines.push(row([label, eb[key], ec[key], delta(eb[key], ec[key])]));

  if (report.labels) {
    const q = report.labels;
    lines.push('', '## Against labels', '');
    lines.push(header(['measure', base, cand], ['---', '---:', '---:']));
    lines.push(
      row([`fraud events caught (of ${q.fraudEvents})`, q.fraudCaught[0], q.fraudCaught[1]]),
    );
    lines.push(
      row([
        `legitimate events flagged (of ${q.legitEvents})`,
        q.legitFlagged[0],
        q.legitFlagged[1],
      ]),
    );
    lines.push(
      '',
      `Fraud newly caught ${q.newlyCaught}, newly missed ${q.newlyMissed}; false positives added ${q.falsePositivesAdded}, removed ${q.falsePositivesRemoved}.`,
    );
  }

  const moved = report.rules.filter(
    (r) => r.enforce[0] !== r.enforce[1] || r.shadow[0] !== r.shadow[1],
  );
  lines.push('', '## Rules whose hits changed', '');
  if (moved.length === 0) lines.push('None.');
  else {
    lines.push(
      header(
        ['rule', 'enforce', 'enforce (candidate)', 'shadow', 'shadow (candidate)'],
        ['---', '---:', '---:', '---:', '---:'],
      ),
    );
    for (const r of moved)
      lines.push(row([r.rule, r.enforce[0], r.enforce[1], r.shadow[0], r.shadow[1]]));
  }

  lines.push('', `## Changed decisions (first ${report.listed.length} of ${report.changed})`, '');
  if (report.listed.length === 0) lines.push('None.');
  else {
    lines.push(
      header(
        ['occurred at', 'event', 'account', 'label', base, cand],
        ['---', '---', '---', '---', '---', '---'],
      ),
    );
    for (const c of report.listed)
      lines.push(
        row([
          c.occurredAt,
          c.eventId,
          c.accountId,
          c.label ?? '',
          `${c.baseline.outcome} ${c.baseline.rules.join(', ')}`.trim(),
          `${c.candidate.outcome} ${c.candidate.rules.join(', ')}`.trim(),
        ]),
      );
  }
  return `${lines.join('\n')}\n`;
}

/** Two rule sets that say the same version: the same set, or an edit not yet given its own. */
function sameVersionNote(report: BacktestReport): string {
  const [base, cand] = report.fingerprints;
  return base === cand
    ? `The candidate is the baseline (same content, fingerprint ${base}): nothing can change.`
    : `Both rule sets say version ${report.versions[0]} but differ (fingerprints ${base} and ` +
        `${cand}): give the candidate a \`version\` of its own before it goes live, or its ` +
        "decisions (`ruleSetVersion`) cannot be told from the baseline's.";
}
