import type { OutputCheck } from './kafka-client-check.ts';
import {
  KAFKA_CLIENTS,
  type KafkaClientName,
  type KafkaClientWorkerResult,
} from './kafka-client-settings.ts';
import { markdownTable } from './markdown.ts';
import { fmt, percentile, ratePerSecond } from './stats.ts';

export interface KafkaClientRun {
  round: number;
  result: KafkaClientWorkerResult;
  check: OutputCheck;
}

export interface KafkaClientReportInput {
  machine: string;
  versions: Record<KafkaClientName, string>;
  settings: {
    events: number;
    accounts: number;
    partitions: number;
    maxBatch: number;
    batchSizes: number[];
    cycles: number;
    warmupCycles: number;
    rounds: number;
  };
  runs: KafkaClientRun[];
}

const LABEL: Record<KafkaClientName, string> = {
  kafkajs: 'kafkajs',
  'kafkajs-overlapped': 'kafkajs, records ∥ offsets',
  platformatic: '@platformatic/kafka',
};

/** The clients the runs measured, in KAFKA_CLIENTS order (plain kafkajs first). */
const measuredClients = (runs: readonly KafkaClientRun[]) =>
  KAFKA_CLIENTS.filter((c) => runs.some((r) => r.result.client === c));

const ms2 = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)} ms` : 'n/a');
const ms3 = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : 'n/a');

/** One metric per row; a column per client measured (the median over rounds) and their ratio. */
function sideBySide(
  runs: readonly KafkaClientRun[],
  rows: readonly {
    label: string;
    value: (r: KafkaClientRun) => number;
    cell: (n: number) => string;
  }[],
): string {
  const clients = measuredClients(runs);
  // Every other client against plain kafkajs, when it was measured (it is listed first).
  const against = clients[0] === 'kafkajs' ? clients.slice(1) : [];
  const headers = [
    '',
    ...clients.map((c) => LABEL[c]),
    ...against.map((c) => `${LABEL[c]} ÷ kafkajs`),
  ];
  const body = rows.map(({ label, value, cell }) => {
    const medians = clients.map((c) =>
      percentile(runs.filter((r) => r.result.client === c).map(value), 50),
    );
    const ratios = against.map((_, i) => fmt.ratio(medians[i + 1]! / medians[0]!));
    return [label, ...medians.map(cell), ...ratios];
  });
  return markdownTable(headers, body);
}

/** A row per Kafka API the producers sent: requests per transaction (retries included). */
function requestRows(
  runs: readonly KafkaClientRun[],
  requestsOf: (r: KafkaClientRun) => Record<string, number>,
  transactionsOf: (r: KafkaClientRun) => number,
  per: string,
) {
  const apis = [...new Set(runs.flatMap((r) => Object.keys(requestsOf(r))))].sort();
  return apis.map((api) => ({
    label: `${api} requests/${per}`,
    value: (r: KafkaClientRun) => (requestsOf(r)[api] ?? 0) / transactionsOf(r),
    cell: (n: number) => n.toFixed(2),
  }));
}

function checkCell(check: OutputCheck): string {
  const verdict = check.ok ? 'ok' : 'FAILED';
  return `${verdict}: ${fmt.int(check.passThrough)}/${fmt.int(check.expectedPassThrough)} pass-through, ${fmt.int(check.cycles)}/${fmt.int(check.expectedCycles)} cycle records, ${check.duplicates} duplicates, ${check.unknown} unknown; offsets at the end on ${check.partitions - check.partitionsBehind}/${check.partitions} partitions`;
}

export function renderKafkaClientReport(input: KafkaClientReportInput): string {
  const { settings, runs } = input;
  const passThrough = sideBySide(runs, [
    {
      label: 'events/s',
      value: (r) => ratePerSecond(r.result.passThrough.events, r.result.passThrough.spanMs),
      cell: fmt.int,
    },
    {
      label: 'worker CPU ms/event',
      value: (r) => r.result.passThrough.cpuMs / r.result.passThrough.events,
      cell: ms3,
    },
    {
      label: 'broker CPU ms/event',
      value: (r) => r.result.passThrough.brokerCpuMs / r.result.passThrough.events,
      cell: ms3,
    },
    { label: 'transactions', value: (r) => r.result.passThrough.transactions, cell: fmt.int },
    {
      label: 'records/transaction',
      value: (r) => r.result.passThrough.events / r.result.passThrough.transactions,
      cell: (n) => n.toFixed(1),
    },
    { label: 'transaction p50', value: (r) => r.result.passThrough.transaction.p50, cell: fmt.ms },
    { label: 'transaction p99', value: (r) => r.result.passThrough.transaction.p99, cell: fmt.ms },
    { label: 'start → first batch', value: (r) => r.result.firstBatchMs, cell: fmt.ms },
    { label: 'worker RSS at the end', value: (r) => r.result.rssBytes, cell: fmt.mib },
    ...requestRows(
      runs,
      (r) => r.result.passThrough.requests,
      (r) => r.result.passThrough.transactions,
      'transaction',
    ),
  ]);
  const cycleSections = settings.batchSizes.map((size) => {
    const of = (r: KafkaClientRun) => r.result.cycles.find((c) => c.batchSize === size)!;
    return `### ${size} record${size === 1 ? '' : 's'} per transaction\n\n${sideBySide(runs, [
      { label: 'p50', value: (r) => of(r).latency.p50, cell: ms2 },
      { label: 'p99', value: (r) => of(r).latency.p99, cell: ms2 },
      { label: 'max', value: (r) => of(r).latency.max, cell: ms2 },
      { label: 'worker CPU ms/cycle', value: (r) => of(r).cpuMs / settings.cycles, cell: ms3 },
      {
        label: 'broker CPU ms/cycle',
        value: (r) => of(r).brokerCpuMs / settings.cycles,
        cell: ms3,
      },
      ...requestRows(
        runs,
        (r) => of(r).requests,
        () => settings.cycles,
        'cycle',
      ),
    ])}`;
  });
  const checks = markdownTable(
    ['round', 'client', 'output topic read read_committed; group offsets committed'],
    runs.map((r) => [String(r.round), LABEL[r.result.client], checkCell(r.check)]),
  );
  const perRun =
    settings.rounds > 1
      ? `\n## Runs\n\n${markdownTable(
          [
            'round',
            'client',
            'events/s',
            'CPU ms/event',
            ...settings.batchSizes.map((b) => `p50 / p99 (${b})`),
          ],
          runs.map((r) => [
            String(r.round),
            LABEL[r.result.client],
            fmt.int(ratePerSecond(r.result.passThrough.events, r.result.passThrough.spanMs)),
            ms3(r.result.passThrough.cpuMs / r.result.passThrough.events),
            ...r.result.cycles.map((c) => `${ms2(c.latency.p50)} / ${ms2(c.latency.p99)}`),
          ]),
        )}\n`
      : '';
  return `# Kafka clients: transactional consume → produce

kafkajs (what packages/kafka uses) against @platformatic/kafka, and kafkajs with a batch's records
and offsets sent side by side (measured for packages/kafka's publisher), on the risk engine's
per-batch work: records produced and the consumed offsets committed for the group in one transaction
(exactly-once). Each client runs in a worker process of its own on fresh topics; CPU is the
worker's (\`process.cpuUsage\`) and the broker JVM's over the timed part. Generated by
\`test/bench/kafka-client.ts\`.

${input.machine}
- clients: ${measuredClients(runs)
    .map((c) => `${LABEL[c]} ${input.versions[c]}`)
    .join(', ')}
- ${fmt.int(settings.events)} pre-loaded records (~300-byte JSON, keyed by ${fmt.int(settings.accounts)} accounts), ${settings.partitions} input and ${settings.partitions} output partitions, at most ${settings.maxBatch} records per pass-through transaction; ${settings.cycles} measured cycles (after ${settings.warmupCycles} unmeasured) per batch size; ${settings.rounds} round(s), order alternating${settings.rounds > 1 ? ' (cells: the median over rounds)' : ''}

## Backlog pass-through

One consumer group member reads the backlog read_committed; per partition slice, one transaction:
the slice re-published to the output topic, the slice's next offset committed for the group with
the member's generation (KIP-447). Clock: first transaction begun → the N-th record committed.

${passThrough}

## Small-transaction cycle

The consumer idle in its group; each cycle: begin, N records to the output topic (keyed by
account, so spread over partitions), the offset the pass-through reached on one input partition
(in turn) committed for the group, commit. Latency: begin → committed.

${cycleSections.join('\n\n')}

## Correctness

${checks}
${perRun}`;
}
