import { markdownTable } from './markdown.ts';
import { fmt } from './stats.ts';

export interface Run {
  name: string;
  round: number;
  /** Outputs counted after the first visible batch, and the seconds they took. */
  events: number;
  seconds: number;
  duplicates: number;
  /** CPU ms per event of the subject's own process and of redis-server, start to N-th output. */
  nodeCpuMs: number;
  redisCpuMs: number;
}

/** Events/s of every round of `name` together (total events over total seconds). */
export function rateOf(runs: readonly Run[], name: string): number {
  const mine = runs.filter((r) => r.name === name);
  return mine.reduce((s, r) => s + r.events, 0) / mine.reduce((s, r) => s + r.seconds, 0);
}

export interface RiskEngineReport {
  machine: string;
  events: number;
  accounts: number;
  historyHours: string;
  tuning: { partitions: number; partitionsConcurrency: number; maxBatchRecords: number };
  ruleCount: number;
  runs: readonly Run[];
  redis: string;
  diagnostics: string[][];
  latency: string[][];
  /** Per latency row: where the subject's own metrics say the time went. */
  anatomy: string[][];
  /** One row per soak minute at 50% of max (empty when no soak was run). */
  soak: string[][];
  latencySeconds: number;
  engineDuplicates: number | undefined;
  memory: readonly { when: string; rss: number }[];
  /** The engine at --compare-ref, for the same-run A/B (undefined when not asked). */
  baseline: string | undefined;
  /** The interleaved A/B against the baseline, rendered (undefined when not run). */
  interleaved?: string | undefined;
  /** One topic far behind the other two: what the merge holds, per second (empty when skipped). */
  stall: { rows: string[][]; summary: string };
}

export function renderRiskEngineReport(input: RiskEngineReport): string {
  const rate = (name: string) => rateOf(input.runs, name);
  const engine = rate('risk engine');
  return `# Risk-engine benchmark

Machine (shared with other engineers' test runs; numbers vary run to run):

${input.machine}

Setup: ${fmt.int(input.events)} pre-loaded events (seeded mix: 72% transactions, 22% logins, 6% account
changes over ${fmt.int(input.accounts)} accounts with a busy head, event times spread over
the last ${input.historyHours} h), 3 input topics × ${input.tuning.partitions} partitions,
${input.tuning.partitionsConcurrency} partitions in flight, slices of ≤ ${input.tuning.maxBatchRecords} records; default rule set
(services/risk-engine/config/rules.default.yaml, ${input.ruleCount} rules); real Redis (unique key prefix per run).
case-service is excluded: the engine's CaseGateway acknowledges RaiseCase at once (case-service
is measured by test/bench/case-service.ts). Each subject (pass-through or engine) runs in a Node
process of its own, as deployed; the load generator and the read_committed output reader run in
the benchmark process. Rate = outputs visible to the reader from the first output batch to the
N-th (consumer-group join excluded). CPU ms/event: the subject's process (from /proc) and
redis-server (INFO cpu; shared server, so an upper bound) from start to the N-th output.

## Throughput

${markdownTable(
  [
    'run',
    'round',
    'events timed',
    'seconds',
    'events/s',
    'duplicate outputs',
    'subject CPU ms/event',
    'Redis CPU ms/event',
  ],
  input.runs.map((r) => [
    r.name,
    String(r.round),
    fmt.int(r.events),
    r.seconds.toFixed(2),
    fmt.int(r.events / r.seconds),
    String(r.duplicates),
    r.nodeCpuMs.toFixed(3),
    r.redisCpuMs.toFixed(3),
  ]),
)}

${markdownTable(
  ['measure', 'value', 'target'],
  [
    [
      'pass-through, plain producer (events/s, all rounds)',
      fmt.int(rate('pass-through (plain)')),
      '',
    ],
    [
      'pass-through, transactional like the engine (events/s)',
      fmt.int(rate('pass-through (transactional)')),
      '',
    ],
    [
      'pass-through, ordered like the engine: merged by event time, one transaction per batch (events/s)',
      fmt.int(rate('pass-through (ordered)')),
      '',
    ],
    ['risk engine (events/s)', fmt.int(engine), ''],
    ...(input.baseline === undefined
      ? []
      : [
          [
            `risk engine at ${input.baseline} (events/s)`,
            fmt.int(rate('risk engine (baseline)')),
            '',
          ],
        ]),
    [
      'ratio engine / transactional pass-through',
      fmt.ratio(engine / rate('pass-through (transactional)')),
      '≥ 0.80',
    ],
    [
      'ratio engine / ordered pass-through (the scoring alone)',
      fmt.ratio(engine / rate('pass-through (ordered)')),
      '',
    ],
    [
      'ratio engine / plain pass-through',
      fmt.ratio(engine / rate('pass-through (plain)')),
      '(stricter reading)',
    ],
    ['Redis round trips per event (last engine run)', input.redis, '≤ 1'],
  ],
)}

Engine diagnostics from its own metrics (last throughput round):

${markdownTable(['measure', 'value'], input.diagnostics)}

## Event → decision latency (open-loop paced producer, ${input.latencySeconds} s per rate)

Latency = time the output was read (read_committed) − time the event's produce call started.
The paced producer and the reader share the benchmark process's thread (the subject runs in
its own process): the last column is how late that thread ran timers while producing, i.e. how
much of the latency can be the harness itself.

${markdownTable(
  [
    'subject',
    'load',
    'target events/s',
    'achieved events/s',
    'events',
    'missing',
    'p50',
    'p95',
    'p99',
    'max',
    'event-loop delay p99',
  ],
  input.latency,
)}

Target: p99 ≤ 50 ms at 50% of max (risk engine). Duplicate decisions over the engine's whole
run (throughput + latency phases): ${input.engineDuplicates ?? 'n/a'}.

Where the time goes, from each subject's own metrics over the same runs (means): delivery =
record's Kafka timestamp → its batch reaching the handler (\`vigil_kafka_consume_delay_seconds\`:
broker, fetch, waiting for the previous fetch's batches); batch = the runner's decode → handler →
commit (\`vigil_kafka_batch_duration_seconds\`; for the ordered subjects one merged batch of every
unit, \`vigil_kafka_ordered_batch_seconds\`); buffered → commit = a record entering the event-time
buffer to its unit's transaction committing (\`vigil_kafka_ordered_processing_delay_seconds\`: the
ordering waits plus the batch); the engine's batch splits into
\`vigil_risk_batch_stage_seconds\` (prepare = open the transaction, effects = subjects, cases,
lock claims, publish = produce + offsets + commit) and \`vigil_risk_scoring_seconds\`. The rest of
the harness's latency is the commit markers, the read_committed reader and the harness's own thread.

${markdownTable(
  [
    'subject',
    'load',
    'records per batch',
    'delivery',
    'batch',
    'buffered → commit',
    'prepare',
    'scoring',
    'effects',
    'publish',
    'harness p50',
  ],
  input.anatomy,
)}

${
  input.interleaved === undefined
    ? ''
    : `${input.interleaved}
`
}${
    input.soak.length === 0
      ? ''
      : `## Soak: the engine at 50% of its max, one row per minute

The harness keeps every decision id of the run (for the duplicate check); the last column is
its own event-loop delay, so a harness that slowed down would show there, not in the engine.

${markdownTable(
  [
    'minute',
    'achieved events/s',
    'missing',
    'p50',
    'p99',
    'engine RSS',
    'harness event-loop delay p99',
  ],
  input.soak,
)}

`
  }${
    input.stall.rows.length === 0
      ? ''
      : `## One topic far behind: what the event-time merge holds

${input.stall.summary}

${markdownTable(
  [
    'second',
    'buffered records',
    'buffered bytes',
    'paused partitions',
    'engine RSS',
    'decisions so far',
  ],
  input.stall.rows,
)}

`
  }## Memory (RSS of the subject processes)

${markdownTable(
  ['when', 'rss'],
  input.memory.map((m) => [m.when, fmt.mib(m.rss)]),
)}
`;
}
