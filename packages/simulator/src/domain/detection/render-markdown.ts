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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function followUpLines(report: DetectionReport): string[] {
  const f = report.followUps;
  const kinds = Object.entries(f.byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const attackOnly = report.scenarios.reduce((s, q) => s + q.attackEventsFlaggedByFollowUpOnly, 0);
  return [
    '## Follow-ups',
    '',
    `${plural(f.total, 'follow-up decision')} (${kinds}) about ${plural(f.events, 'earlier event')}; ${f.raised} raised an outcome` +
      `${f.withoutOriginal > 0 ? `; ${f.withoutOriginal} about events with no decision of their own` : ''}. ` +
      'Each counts for the event it revisits (most severe outcome wins), never as a decision of its own.',
    '',
    `Caught only through follow-ups: ${plural(report.overall.caughtByFollowUpOnly, 'episode')}, ${plural(attackOnly, 'attack event')}; ` +
      `benign events flagged only by follow-ups: ${report.benign.flaggedByFollowUpOnly}.`,
  ];
}

function accountLines(report: DetectionReport): string[] {
  const spread = report.scenarios.filter((q) => q.accountsTouched > q.episodes);
  if (spread.length === 0) return [];
  return [
    '## Accounts touched',
    '',
    'Accounts an episode had attack events on (per episode), and those with any of them flagged by the end.',
    '',
    '| scenario | accounts touched | flagged | share | flagged only via follow-ups |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...spread.map(
      (q) =>
        `| ${q.scenario} | ${q.accountsTouched} | ${q.accountsFlagged} | ${formatRate(q.accountsTouched === 0 ? null : q.accountsFlagged / q.accountsTouched)} | ${q.accountsFlaggedByFollowUpOnly} |`,
    ),
    '',
  ];
}

function chainLines(report: DetectionReport): string[] {
  if (report.benign.chains.length === 0) return [];
  return [
    '',
    'Benign chains (in event order the first step, a login from the new phone or the new country, is challenged; the payments after it are judged knowing it):',
    '',
    '| chain | customers | first step flagged | later steps flagged | rules on later steps |',
    '| --- | ---: | ---: | ---: | --- |',
    ...report.benign.chains.map(
      (c) =>
        `| ${c.chain} | ${c.customers} | ${c.firstStepsFlagged}/${c.firstSteps} | ${c.laterStepsFlagged}/${c.laterSteps} | ${formatRules(c.laterStepRules)} |`,
    ),
  ];
}

function marketLines(report: DetectionReport): string[] {
  const markets = report.benign.byMarket;
  if (markets.length === 0) return [];
  return [
    '',
    'Benign accounts flagged per home market (outside chains: on an event that is not a step of a new phone or a trip; by amount rules: by a rule with per-currency thresholds):',
    '',
    '| market | accounts | flagged | rate | outside chains | rate | by amount rules | rate | rules behind the flags (events) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...markets.map(
      (m) =>
        `| ${m.market} | ${m.accounts} | ${m.flaggedAccounts} | ${formatRate(m.accountFalsePositiveRate)} | ${m.flaggedOutsideChains} | ${formatRate(m.outsideChainsRate)} | ` +
        `${m.flaggedByAmountRules ?? '—'} | ${formatRate(m.amountRulesRate)} | ${formatRules(m.topRules)} |`,
    ),
  ];
}

/** Said only when there are any: under exactly-once publishing there are none. */
function repeatLines(report: DetectionReport): string[] {
  const repeats = report.coverage.repeatedDeliveries;
  if (repeats === 0) return [];
  return [
    '',
    `${plural(repeats, 'decision')} read again with their decisionId and outcome (not counted again): an at-least-once publisher (the risk engine with PUBLISH_MODE=at-least-once) repeats what it published since its last offset commit after a crash or a rebalance, and readers dedupe on decisionId. Under exactly-once publishing there are none.`,
  ];
}

function inversionLines(report: DetectionReport): string[] {
  const inv = report.inversions;
  const lines = [
    `Inversions: ${inv.count} of ${inv.checked} decisions were for an event older than one of the same account decided before it (decisions-topic order, follow-ups excluded; should be 0)` +
      `${inv.count > 0 ? `, on ${plural(inv.accounts, 'account')}, up to ${formatDuration(inv.maxLagMs)} back` : ''}.`,
  ];
  for (const e of inv.examples)
    lines.push(
      `- ${e.accountId}: ${e.eventId} (${e.occurredAt}) decided after ${e.after.eventId} (${e.after.occurredAt})`,
    );
  return lines;
}

export function renderMarkdown(report: DetectionReport): string {
  const b = report.benign;
  const lines = [
    '## Detection by scenario',
    '',
    '| scenario | episodes | caught | recall | median time to catch | p90 time to catch | attack events flagged | flagged mostly by |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...report.scenarios.map(
      (q) =>
        `| ${q.scenario} | ${q.episodes} | ${q.caught} | ${formatRate(q.recall)} | ${formatDuration(q.medianTimeToCatchMs)} | ${formatDuration(q.p90TimeToCatchMs)} | ${q.attackEventsFlagged}/${q.attackEvents} | ${formatRules(q.topRules)} |`,
    ),
    `| **all** | ${report.overall.episodes} | ${report.overall.caught} | ${formatRate(report.overall.recall)} | | | | |`,
    '',
    "Outcomes are effective outcomes: an event's own decision or a more severe follow-up about it.",
    '',
    ...accountLines(report),
    ...followUpLines(report),
    '',
    '## False positives on benign accounts',
    '',
    '| measure | flagged | total | rate |',
    '| --- | ---: | ---: | ---: |',
    `| benign events with a non-allow outcome | ${b.flaggedEvents} | ${b.events} | ${formatRate(b.eventFalsePositiveRate)} |`,
    `| benign accounts with any non-allow outcome | ${b.flaggedAccounts} | ${b.accounts} | ${formatRate(b.accountFalsePositiveRate)} |`,
    ...(b.chains.length > 0
      ? [
          `| benign events outside chains with a non-allow outcome | ${b.outsideChains.flaggedEvents} | ${b.outsideChains.events} | ${formatRate(b.outsideChains.eventFalsePositiveRate)} |`,
        ]
      : []),
    '',
    `Benign flags by outcome: challenge ${b.flaggedByOutcome.challenge}, review ${b.flaggedByOutcome.review}, block ${b.flaggedByOutcome.block}.`,
    ...(b.flaggedByRule.length > 0
      ? ['', `Rules behind benign flags (events): ${formatRules(b.flaggedByRule)}.`]
      : []),
    ...chainLines(report),
    ...marketLines(report),
    '',
    '## Coverage',
    '',
    `${report.coverage.decidedEvents} of ${report.coverage.labelledEvents} measured events have a decision (${report.coverage.missingDecisions} missing); ` +
      `${report.coverage.unlabelledDecisions} decisions for unlabelled events; ${report.coverage.duplicateDecisions} duplicate decisions (a second decision about an event: another decisionId or outcome).`,
    ...repeatLines(report),
    '',
    ...inversionLines(report),
  ];
  if (report.coverage.missingDecisions > 0)
    lines.push(
      '',
      '> Decisions are missing for some events: a missed episode may be a lag or a crash, not a detection gap.',
    );
  return `${lines.join('\n')}\n`;
}
