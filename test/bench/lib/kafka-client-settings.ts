import { z } from 'zod';
import type { Summary } from './stats.ts';

/**
 * `kafkajs-overlapped`: kafkajs with a transaction's records and offsets sent side by side, two
 * requests in flight (measured 2026-12-05 for packages/kafka's publisher; not adopted, see
 * results/live-publisher-overlap-1205.md).
 */
export const KAFKA_CLIENTS = ['kafkajs', 'kafkajs-overlapped', 'platformatic'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENTS)[number];

/**
 * What a kafka-client worker process measures (JSON in BENCH_KAFKA_CLIENT): one client, on topics
 * the parent created and pre-loaded, with a consumer group and transactional id of its own.
 */
export const kafkaClientWorkerSettings = z.object({
  client: z.enum(KAFKA_CLIENTS),
  brokers: z.array(z.string()).min(1),
  inputTopic: z.string(),
  outputTopic: z.string(),
  groupId: z.string(),
  transactionalId: z.string(),
  /** Producers (transactional ids `<id>`, `<id>-1`, …) whose transactions take turns. */
  transactionalIds: z.number().int().positive().default(1),
  /** Records pre-loaded in the input topic: the pass-through ends once all are committed. */
  events: z.number().int().positive(),
  /** Most records one pass-through transaction carries (the risk engine's MAX_BATCH_RECORDS). */
  maxBatch: z.number().int().positive(),
  /** Records per transaction of the small-transaction cycles, one measured series each. */
  batchSizes: z.array(z.number().int().positive()).min(1),
  cycles: z.number().int().positive(),
  /** Unmeasured cycles before each series. */
  warmupCycles: z.number().int().nonnegative(),
  accounts: z.number().int().positive(),
});
export type KafkaClientWorkerSettings = z.infer<typeof kafkaClientWorkerSettings>;

export interface PassThroughResult {
  events: number;
  transactions: number;
  /** First batch in hand → the transaction holding the N-th record committed. */
  spanMs: number;
  /** The worker's user+system CPU over that span. */
  cpuMs: number;
  /** The broker JVM's CPU over that span (a shared broker: an upper bound). */
  brokerCpuMs: number;
  /** One transaction: begin → committed. */
  transaction: Summary;
  /** Requests the producer sent over that span, by API (retries included). */
  requests: Record<string, number>;
}

export interface CycleResult {
  batchSize: number;
  /** begin → committed, milliseconds, of each measured cycle. */
  latency: Summary;
  cpuMs: number;
  brokerCpuMs: number;
  /** Requests the producer sent over the measured cycles, by API (retries included). */
  requests: Record<string, number>;
}

export interface KafkaClientWorkerResult {
  client: KafkaClientName;
  /** Start of the worker → the consumer's first batch (group join, first fetch). */
  firstBatchMs: number;
  passThrough: PassThroughResult;
  cycles: CycleResult[];
  rssBytes: number;
}

/** The line a worker prints its result on (its clients may log to stdout too). */
export const RESULT_PREFIX = 'BENCH_KAFKA_CLIENT_RESULT ';

/** A record to produce: key and value already encoded, as the engine's publisher sends them. */
export interface OutRecord {
  key: Buffer;
  value: Buffer;
}

/** One client under test, as the worker drives it: the same steps in the same order for both. */
export interface BenchClient {
  /**
   * Joins the group, reads the pre-loaded input read_committed and re-publishes every record to
   * the output topic, one transaction per partition slice of at most `maxBatch` records, the
   * slice's offsets committed for the group inside it. Resolves once `events` records are in
   * committed transactions.
   */
  passThrough(hooks: {
    /** Called as each transaction begins (the first call starts the clock). */
    begin(): void;
    committed(records: number, ms: number): void;
  }): Promise<void>;
  /**
   * One small transaction with the consumer idle: `records` to the output topic, the offset the
   * pass-through reached on one input partition (the `index`-th the consumer read, in turn)
   * committed for the group, commit.
   */
  cycle(records: readonly OutRecord[], index: number): Promise<void>;
  /** Requests the producer has sent so far, by Kafka API name. */
  producerRequests(): Record<string, number>;
  close(): Promise<void>;
}

/** Payment-like JSON, padded to ~`bytes` bytes; `id` is unique per record of a run. */
export function recordValue(id: string, accountId: string, n: number, bytes = 300): Buffer {
  const body = {
    id,
    accountId,
    amount: ((n * 7919) % 100_000) / 100,
    currency: 'EUR',
    merchantId: `m-${n % 977}`,
    channel: n % 3 === 0 ? 'web' : 'card',
    country: n % 5 === 0 ? 'FR' : 'DE',
    occurredAt: new Date(1_767_225_600_000 + n * 1_000).toISOString(),
    pad: '',
  };
  const bare = JSON.stringify(body).length;
  body.pad = 'x'.repeat(Math.max(0, bytes - bare));
  return Buffer.from(JSON.stringify(body));
}

export const accountOf = (n: number, accounts: number) =>
  `acct-${String(n % accounts).padStart(6, '0')}`;

/** Id of the `j`-th record of small-transaction cycle `cycle` of the series with `batchSize`. */
export const cycleRecordId = (batchSize: number, cycle: number, j: number) =>
  `c${batchSize}-${cycle}-${j}`;
export const passThroughId = (n: number) => `p-${n}`;

/** Per API, the requests sent between two `producerRequests()` snapshots. */
export function requestsBetween(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([api, n]) => [api, n - (before[api] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

/**
 * The retry policy of every transactional step, for both clients: from 1 ms doubling to 1 s, 15
 * attempts, as packages/kafka's TRANSACTION_RETRY. The next transaction's first request is
 * refused with CONCURRENT_TRANSACTIONS while the broker still writes the previous commit's markers
 * (a millisecond or two); a longer first wait would be measured as the client's cost.
 */
export const RETRY = { initialMs: 1, maxMs: 1_000, retries: 15 } as const;
export const retryDelayMs = (attempt: number) =>
  Math.min(RETRY.maxMs, RETRY.initialMs * 2 ** Math.max(0, attempt - 1));

/** Settings both clients get: the ordered consumer's fetch limits (256 KiB per partition), timeouts. */
export const SHARED = {
  maxBytesPerPartition: 256 * 1024,
  maxBytes: 10 * 1024 * 1024,
  maxWaitMs: 1_000,
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  transactionTimeoutMs: 30_000,
} as const;
