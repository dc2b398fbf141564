import type { DecisionComparison, DecisionFacts, DecisionSetDiff } from './compare-decisions.ts';

export interface ComparisonLabels {
  /** Names of the two sides ("backlog", "paced"); default a and b. */
  a?: string;
  b?: string;
  /** Examples listed per kind of difference (default 10). */
  limit?: number;
}

const brief = (f: DecisionFacts) => `${f.outcome} ${f.score} [${f.rules.join(', ')}]${f.shadowRules.length > 0 ? ` shadow [${f.shadowRules.join(', ')}]` : ''}`;
const listed = (ids: readonly string[], limit: number) => `${ids.slice(0, limit).join(', ')}${ids.length > limit ? `, … (${ids.length - limit} more)` : ''}`;

function setLines(title: string, d: DecisionSetDiff, a: string, b: string, limit: number): string[] {
  const lines = [`${title}: ${d.identical} identical of ${d.compared} on both sides; ${d.differing.length} differing; ${d.onlyInA.length} only in ${a}; ${d.onlyInB.length} only in ${b}.`];
  if (d.onlyInA.length > 0) lines.push(`  only in ${a}: ${listed(d.onlyInA, limit)}`);
  if (d.onlyInB.length > 0) lines.push(`  only in ${b}: ${listed(d.onlyInB, limit)}`);
  for (const x of d.differing.slice(0, limit)) lines.push(`  ${x.eventId}${x.accountId === undefined ? '' : ` (${x.accountId})`} ${x.fields.join('+')}: ${a} ${brief(x.a)} | ${b} ${brief(x.b)}`);
  if (d.differing.length > limit) lines.push(`  … ${d.differing.length - limit} more differing`);
  return lines;
}

/** A readable summary of a comparison: one line per part, then the first differences of each. */
export function renderComparison(c: DecisionComparison, labels: ComparisonLabels = {}): string {
  const [a, b, limit] = [labels.a ?? 'a', labels.b ?? 'b', labels.limit ?? 10];
  const lines = [
    c.equal ? `${a} and ${b} decided every event the same.` : `${a} and ${b} differ.`,
    ...setLines('Decisions', c.decisions, a, b, limit),
    ...setLines('Follow-ups', c.followUps, a, b, limit),
    `Effective outcomes (with follow-ups): ${c.effective.identical} identical of ${c.effective.compared} events; ${c.effective.differing.length} differing.`,
    ...c.effective.differing.slice(0, limit).map((x) => `  ${x.eventId}: ${a} ${x.a ?? 'no decision'} | ${b} ${x.b ?? 'no decision'}`),
  ];
  if (c.effective.differing.length > limit) lines.push(`  … ${c.effective.differing.length - limit} more differing`);
  if (c.duplicates.a > 0 || c.duplicates.b > 0) lines.push(`Duplicate eventIds: ${c.duplicates.a} in ${a}, ${c.duplicates.b} in ${b} (the first counts).`);
  return `${lines.join('\n')}\n`;
}
