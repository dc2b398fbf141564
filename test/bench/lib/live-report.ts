import { CPU_CONSUMERS, type ResourceUse } from './live-resources.ts';
import type { StepResult } from './live-step.ts';
import { markdownTable } from './markdown.ts';
import { checkFailures, type RunChecks } from './run-checks.ts';
import { fmt, latencyCells } from './stats.ts';
import { backlogSlope } from './step-verdict.ts';

export interface LiveReport {
  machine: string;
  method: string;
  steps: readonly StepResult[];
  soak: readonly StepResult[];
  /** The stack before any traffic: CPU ms per second (its polling loops), RSS. */
  idle: ResourceUse;
  maxSustainable: number | undefined;
  targetP99Ms: number;
  checks: RunChecks;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

function stepRows(steps: readonly StepResult[]): string[][] {
  return steps.map((s) => [
    s.label,
    fmt.int(s.perSecond),
    fmt.int(s.achievedSendPerSecond),
    fmt.int(s.achievedDecisionsPerSecond),
    fmt.int(s.events),
    ...latencyCells(s.latency),
    fmt.int(s.missing),
    `${fmt.int(s.backlog.at(-1)?.backlog ?? 0)} (${fmt.int(backlogSlope(s.backlog))}/s)`,
    fmt.ms(s.eventLoopDelayP99Ms),
    s.verdict.sustainable ? 'sustainable' : s.verdict.notes.join('; '),
  ]);
}

function stageRows(steps: readonly StepResult[]): string[][] {
  return steps.map(({ label, stages: { engine: e, ...s } }) => [
    label,
    Number.isFinite(e.recordsPerBatch) ? e.recordsPerBatch.toFixed(1) : 'n/a',
    ms(e.deliveryMs),
    ms(e.bufferedToCommitMs),
    ms(e.batchMs),
    ms(e.prepareMs),
    ms(e.scoringMs),
    ms(e.effectsMs),
    ms(e.publishMs),
    `${fmt.int(s.orderHolds.idle)} / ${fmt.int(s.orderHolds.lagging)} / ${fmt.int(s.orderHolds.unknown)} / ${fmt.int(s.orderHolds.unconfirmed)} / ${fmt.int(s.orderHolds.forced)}`,
    `${fmt.int(s.raiseCases)} × ${ms(s.raiseCaseMs)}`,
    `${Number.isFinite(s.notifierRecordsPerBatch) ? s.notifierRecordsPerBatch.toFixed(1) : 'n/a'} / ${ms(s.notifierDeliveryMs)} / ${ms(s.notifierBatchMs)}`,
    `${fmt.int(s.noticesSent)} × ${ms(s.noticeLatencyMs)}`,
  ]);
}

function resourceRows(steps: readonly ResourceUse[]): string[][] {
  return steps.map((s) => [
    s.label,
    ...CPU_CONSUMERS.map((c) => fmt.ratio(s.cpuMsPerEvent[c])),
    fmt.mib(s.rssBytes['risk-engine']),
    fmt.mib(s.rssBytes['case-service']),
    fmt.mib(s.rssBytes.notifier),
  ]);
}

function targetRows(input: LiveReport): string[][] {
  const at500 = input.steps.find((s) => s.perSecond === 500);
  const max = input.maxSustainable;
  return [
    [
      `max sustainable rate (p99 ≤ ${input.targetP99Ms} ms, backlog not growing)`,
      max === undefined ? 'none of the steps' : `${fmt.int(max)} events/s`,
      '≥ 2,000 events/s at p99 ≤ 100 ms',
    ],
    ['p99 at 500 events/s', at500 ? fmt.ms(at500.latency.p99) : 'not run', '≤ 50 ms'],
  ];
}

function checkRows(c: RunChecks): string[][] {
  const e = c.effects;
  const o = c.tally.outcomes;
  return [
    ['events produced', fmt.int(c.produced)],
    [
      'lost (no decision) / duplicated / for unknown events',
      `${c.lost} / ${c.duplicated} / ${c.unexpected}`,
    ],
    [
      'decisions by outcome (produced events)',
      `allow ${fmt.int(o.allow)}, challenge ${fmt.int(o.challenge)}, review ${fmt.int(o.review)}, block ${fmt.int(o.block)}`,
    ],
    [
      'follow-up decisions by kind (published twice)',
      `${fmt.int(c.tally.followUps)}${Object.entries(c.tally.followUpKinds)
        .map(([kind, n]) => `, ${kind} ${fmt.int(n)}`)
        .join('')} (${c.tally.duplicateFollowUps})`,
    ],
    [
      'review/block decisions with a case alert',
      `${fmt.int(e.casesExpected - e.casesMissing)} of ${fmt.int(e.casesExpected)} (unexpected alerts ${e.casesUnexpected})`,
    ],
    [
      'challenges covered by one verification request (per incident)',
      `${fmt.int(e.verificationsExpected - e.verificationsMissing - e.verificationsDoubled)} of ${fmt.int(e.verificationsExpected)}`,
    ],
    [
      'blocks covered by one lock notice (per incident)',
      `${fmt.int(e.lockNoticesExpected - e.lockNoticesMissing - e.lockNoticesDoubled)} of ${fmt.int(e.lockNoticesExpected)}`,
    ],
    [
      'notices by status',
      Object.entries(e.noticeStatuses)
        .map(([k, n]) => `${k} ${fmt.int(n)}`)
        .join(', ') || 'none',
    ],
    ['sent notices − received by the sinks', String(e.sentVersusDelivered)],
    ['records in dead-letter topics', String(c.deadLetters)],
  ];
}

export function renderLiveReport(input: LiveReport): string {
  const failures = checkFailures(input.checks);
  const stepHeaders = [
    'step',
    'offered/s',
    'sent/s',
    'decided/s',
    'events',
    'p50',
    'p95',
    'p99',
    'max',
    'missing',
    'backlog end (slope)',
    'harness loop p99',
    'verdict',
  ];
  return `# Live stack benchmark

Machine (shared with other engineers' test runs; numbers vary run to run):

${input.machine}

${input.method}

## Steps: event → decision latency

${markdownTable(stepHeaders, stepRows(input.steps))}

${markdownTable(['measure', 'value', 'target'], targetRows(input))}

## Where the time goes (services' own metrics, means over each measured window, ms)

Risk engine: records per merged batch; delivery = record timestamp → batch reaching the engine;
buffered → commit = entering the event-time buffer → its unit's transaction committed (ordering
waits and batch); batch = one merged batch; prepare = open the transactions; scoring = feature
store and rules; effects = decision subjects, RaiseCase, lock claims; publish = produce, offsets
and commit; holds = times the merge had nothing to hand out while waiting for an input (idle:
caught up but empty, up to ORDER_IDLE_MS; lagging: known unread records; unknown: not fetched
yet; unconfirmed: caught up only by the fetch that brought the record, waiting for a later one;
forced: gave up waiting). case-service: RaiseCase calls × mean server time. Notifier: its
intake consumer's records per handler call (one transaction; a fetch's partitions together) /
delivery / partition batch; notices accepted by the sinks × mean decidedAt → accepted.

${markdownTable(
  [
    'step',
    'records/batch',
    'delivery',
    'buffered → commit',
    'batch',
    'prepare',
    'scoring',
    'effects',
    'publish',
    'holds idle/lagging/unknown/unconfirmed/forced',
    'RaiseCase',
    'notifier batch',
    'notices',
  ],
  stageRows(input.steps),
)}

## Resources per step (CPU ms per event; RSS at the step's end)

The first row is the stack before any traffic, in CPU ms per second: what the services' polling
loops and Kafka fetch loops cost on their own (a fixed cost that dominates the per-event numbers
of slow steps). postgres, redis-server and kafka (the broker) are shared servers (upper bounds);
kafka-jit is the broker's JIT compiler threads, apart from kafka: high for several minutes after
the broker starts, near 0 on a broker that has run a while (compare steps on that, not on the sum);
other is the rest of the machine's busy CPU (/proc/stat): kernel threads and whatever else ran on
the box meanwhile (a large value marks a noisy run).

${markdownTable(
  [
    'step',
    ...CPU_CONSUMERS.map((c) => `${c} CPU`),
    'risk-engine RSS',
    'case-service RSS',
    'notifier RSS',
  ],
  resourceRows([input.idle, ...input.steps]),
)}
${
  input.soak.length === 0
    ? ''
    : `
## Soak at 50% of the max sustainable rate, per minute

${markdownTable(stepHeaders, stepRows(input.soak))}

${markdownTable(
  [
    'minute',
    ...CPU_CONSUMERS.map((c) => `${c} CPU`),
    'risk-engine RSS',
    'case-service RSS',
    'notifier RSS',
  ],
  resourceRows(input.soak),
)}
`
}
## Correctness over the whole run: ${failures.length === 0 ? 'PASS' : 'FAIL'}

${markdownTable(['check', 'value'], checkRows(input.checks))}
${failures.length === 0 ? '' : `\nFailed:\n\n${failures.map((f) => `- ${f}`).join('\n')}\n`}`;
}
