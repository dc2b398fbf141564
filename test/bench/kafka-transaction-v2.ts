// What Kafka's transaction protocol v2 (KIP-890 part 2) would save the risk engine's publisher:
// the engine's per-batch transaction (records to an output topic, one input partition's offset
// for its group, commit) sent over one kafkajs connection with kafkajs's own encoders, as v1
// (AddPartitionsToTxn, Produce v7, AddOffsetsToTxn, TxnOffsetCommit v3, EndTxn v1: five requests)
// and as v2 (Produce v12, TxnOffsetCommit v5, EndTxn v5: three; the epoch bumps at every end).
// Alternated rounds, fresh topics each; every run checks its output read_committed (every record
// once) and its group's offsets. A probe of the protocol, not kafkajs's producer: kafkajs speaks
// only v1 (see test/bench/results/performance-log.md, 2026-12-06 evening).
// v2-together sends v2's Produce and TxnOffsetCommit at once (EndTxn after both) on the one
// connection, v2-apart the TxnOffsetCommit on a second connection: what sending the offsets beside
// the records would save (a broker handles one connection's requests one at a time).
// Run: cd test && pnpm exec tsx bench/kafka-transaction-v2.ts [--transactions 300] [--rounds 3]
//      [--records 4] [--gap-ms 10] [--protocols v1,v2,v2-together,v2-apart] [--write]
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { createLedTopics, infraUrls } from '@vigil/testing';
import {
  brokerConnection,
  endTxnV5,
  produceV12,
  requestOf,
  txnOffsetCommit,
  type KafkaConnection,
  type KafkaRequest,
  type KafkaResponse,
  type ProduceArgs,
} from './lib/kafkajs-internals.ts';
import { RETRY, retryDelayMs } from './lib/kafka-client-settings.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { watchOutputs } from './lib/output-watcher.ts';
import { cpuSecondsBetween, cpuSecondsOfMainClass } from './lib/proc-cpu.ts';
import { fmt, summarize, type Summary } from './lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    transactions: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    records: { type: 'string', default: '4' },
    /** Pause between transactions, as between the engine's batches (and so no refusal to retry). */
    'gap-ms': { type: 'string', default: '10' },
    write: { type: 'boolean', default: false },
    /** v2-together / v2-apart: Produce and TxnOffsetCommit at once, on one / two connections. */
    protocols: { type: 'string', default: 'v1,v2' },
  },
});
const TRANSACTIONS = Number(args.transactions);
const WARMUP = 30;
const RECORDS = Number(args.records);
const GAP_MS = Number(args['gap-ms']);
const PARTITIONS = 12;
const CONCURRENT_TRANSACTIONS = 51;
const COORDINATOR_LOADING = new Set([14, 15, 16]);
const SETTLE_MS = 1_500;
const PROTOCOLS = ['v1', 'v2', 'v2-together', 'v2-apart'] as const;
type Protocol = (typeof PROTOCOLS)[number];
const protocols = args.protocols.split(',').map((name) => {
  const protocol = PROTOCOLS.find((known) => known === name);
  if (!protocol) throw new Error(`unknown protocol ${name} (${PROTOCOLS.join(', ')})`);
  return protocol;
});

const [broker] = infraUrls().kafkaBrokers;
const [host, port] = broker!.split(':');
const kafka = new Kafka({
  clientId: 'bench-txn-v2',
  brokers: [broker!],
  logLevel: logLevel.NOTHING,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  protocol: Protocol;
  latency: Summary;
  clientCpuMs: number;
  brokerCpuMs: number;
  refusedAndRetried: number;
  /** Distinct records read back read_committed, and records read for an id already read. */
  committedRead: number;
  duplicates: number;
  expected: number;
  groupPartitions: number;
}

/**
 * What a just-started broker answers a Produce with before it takes writes for a fresh topic: its
 * leader is in the metadata, not serving yet.
 */
const NOT_LEADER_OR_FOLLOWER = 6;
const NOT_ENOUGH_REPLICAS = 19;

class NotLedYet extends Error {}

function check(where: string, errorCode: number): void {
  if (errorCode === NOT_LEADER_OR_FOLLOWER) throw new NotLedYet(`${where}: not the leader yet`);
  if (errorCode !== 0) throw new Error(`${where}: Kafka error code ${errorCode}`);
}

const notLedYet = (error: unknown) =>
  error instanceof NotLedYet ||
  ['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER'].includes(
    (error as { type?: string }).type ?? '',
  );

/**
 * A transaction's requests, each sent again while the coordinator still ends the last one (counted:
 * the table's "refused and retried"), or while a just-started broker still loads its coordinator
 * state (COORDINATOR_LOAD_IN_PROGRESS / _NOT_AVAILABLE / NOT_COORDINATOR: only before the first
 * transaction, not counted).
 */
function retryingConnection(connection: KafkaConnection, counted: { retries: number }) {
  return {
    send: async <T>(protocol: {
      request: KafkaRequest;
      response: KafkaResponse<T>;
    }): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await connection.send(protocol);
        } catch (error) {
          const { type, code } = error as { type?: string; code?: number };
          const concurrent = type === 'CONCURRENT_TRANSACTIONS' || code === CONCURRENT_TRANSACTIONS;
          const loading = code !== undefined && COORDINATOR_LOADING.has(code);
          if (!(concurrent || loading) || attempt >= (loading ? 100 : RETRY.retries)) throw error;
          if (concurrent) counted.retries += 1;
          await sleep(loading ? 200 : retryDelayMs(attempt + 1));
        }
      }
    },
  };
}

async function run(protocol: Protocol): Promise<Run> {
  const admin = kafka.admin();
  await admin.connect();
  const name = `bench-txn-${protocol}-${randomBytes(4).toString('hex')}`;
  const topic = name;
  const inputTopic = `${name}-in`;
  const groupId = `${name}-g`;
  const transactionalId = `${name}-tid`;
  await createLedTopics(admin, [topic, inputTopic], PARTITIONS);
  const connection = brokerConnection(host!, Number(port));
  await connection.connect();
  const counted = { retries: 0 };
  const conn = retryingConnection(connection, counted);
  const second = protocol === 'v2-apart' ? brokerConnection(host!, Number(port)) : undefined;
  await second?.connect();
  const offsetsConn = second ? retryingConnection(second, counted) : conn;
  // One broker: it coordinates the transactional id and the group, once each has been looked up.
  await conn.send(
    requestOf('findCoordinator', 1)({ groupId: transactionalId, coordinatorType: 1 }),
  );
  await conn.send(requestOf('findCoordinator', 1)({ groupId, coordinatorType: 0 }));
  const init = (await conn.send(
    requestOf('initProducerId', 1)({ transactionalId, transactionTimeout: 30_000 }),
  )) as { producerId: string; producerEpoch: number };
  const identity = {
    transactionalId,
    producerId: String(init.producerId),
    producerEpoch: init.producerEpoch,
  };
  let sequences = new Map<number, number>();
  // JSON with an eventId, as the output watcher reads them; ~300 bytes like a small decision.
  const payload = 'x'.repeat(270);

  /**
   * A v2 Produce, its refused partitions sent again: the partition leader verifies the
   * transaction with its coordinator, which refuses while it still writes the previous
   * transaction's markers (NOT_ENOUGH_REPLICAS to the client; nothing appended, so the same
   * sequence numbers go again). Counted with the other refusals.
   */
  async function produceVerified(produce: ProduceArgs): Promise<void> {
    let pending = produce;
    for (let attempt = 0; ; attempt++) {
      const produced = await conn.send(produceV12(pending));
      const refused = new Set<number>();
      for (const t of produced.topics)
        for (const p of t.partitions) {
          if (p.errorCode === NOT_ENOUGH_REPLICAS && attempt < RETRY.retries)
            refused.add(p.partition);
          else check(`produce to ${p.partition}`, p.errorCode);
        }
      if (refused.size === 0) return;
      counted.retries += 1;
      pending = {
        ...pending,
        topicData: pending.topicData.map((t) => ({
          ...t,
          partitions: t.partitions.filter((p) => refused.has(p.partition)),
        })),
      };
      await sleep(retryDelayMs(attempt + 1));
    }
  }

  async function transaction(i: number): Promise<void> {
    type Partitions = ProduceArgs['topicData'][number]['partitions'];
    const partitions: Partitions = Array.from({ length: RECORDS }, (_, k) => {
      const partition = (i * RECORDS + k) % PARTITIONS;
      const firstSequence = sequences.get(partition) ?? 0;
      sequences.set(partition, firstSequence + 1);
      const eventId = `${i}-${k}`;
      const value = Buffer.from(JSON.stringify({ eventId, payload }));
      return { partition, firstSequence, messages: [{ key: eventId, value }] };
    });
    const offsets = {
      ...identity,
      groupId,
      generationId: -1,
      memberId: '',
      topics: [
        { topic: inputTopic, partitions: [{ partition: i % PARTITIONS, offset: String(i + 1) }] },
      ],
    };
    const produce: ProduceArgs = {
      ...identity,
      acks: -1,
      timeout: 30_000,
      compression: 0,
      topicData: [{ topic, partitions }],
    };
    if (protocol !== 'v1') {
      // v2-together / v2-apart: both in flight at once (one round trip instead of two).
      const producing = produceVerified(produce);
      const offsetsSent = protocol === 'v2' ? null : offsetsConn.send(txnOffsetCommit(5, offsets));
      const [, committed] = await Promise.all([producing, offsetsSent]);
      const offsetsDone = committed ?? (await conn.send(txnOffsetCommit(5, offsets)));
      for (const t of offsetsDone.topics)
        for (const p of t.partitions) check('offsets', p.errorCode);
      const ended = await conn.send(endTxnV5({ ...identity, transactionResult: true }));
      check('end', ended.errorCode);
      if (
        ended.producerEpoch !== identity.producerEpoch ||
        ended.producerId !== identity.producerId
      ) {
        identity.producerId = ended.producerId;
        identity.producerEpoch = ended.producerEpoch;
        sequences = new Map();
      }
      return;
    }
    await conn.send(
      requestOf(
        'addPartitionsToTxn',
        1,
      )({
        ...identity,
        topics: [{ topic, partitions: partitions.map((p) => p.partition) }],
      }),
    );
    await conn.send(requestOf('produce', 7)({ ...produce }));
    await conn.send(requestOf('addOffsetsToTxn', 1)({ ...identity, groupId }));
    const committed = await conn.send(txnOffsetCommit(3, offsets));
    for (const t of committed.topics) for (const p of t.partitions) check('offsets', p.errorCode);
    await conn.send(requestOf('endTxn', 1)({ ...identity, transactionResult: true }));
  }

  // Right after the broker starts, a fresh topic's partitions are in the metadata with their
  // leader before the broker takes writes for them (NOT_LEADER_OR_FOLLOWER). Only in the warm-up:
  // a new epoch aborts the transaction and restarts every partition's sequence, then it goes again.
  async function warmUp(i: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await transaction(i);
      } catch (error) {
        if (!notLedYet(error) || attempt >= 50) throw error;
        const again = (await conn.send(
          requestOf('initProducerId', 1)({ transactionalId, transactionTimeout: 30_000 }),
        )) as { producerId: string; producerEpoch: number };
        identity.producerId = String(again.producerId);
        identity.producerEpoch = again.producerEpoch;
        sequences = new Map();
        await sleep(200);
      }
    }
  }

  for (let i = 0; i < WARMUP; i++) {
    await warmUp(i);
    await sleep(GAP_MS);
  }
  const latencies: number[] = [];
  const broker0 = cpuSecondsOfMainClass('kafka.Kafka');
  const client0 = process.cpuUsage();
  for (let i = WARMUP; i < WARMUP + TRANSACTIONS; i++) {
    const started = performance.now();
    await transaction(i);
    latencies.push(performance.now() - started);
    await sleep(GAP_MS);
  }
  const client = process.cpuUsage(client0);
  const brokerCpuMs = cpuSecondsBetween(broker0, cpuSecondsOfMainClass('kafka.Kafka')) * 1_000;
  await connection.disconnect();
  await second?.disconnect();

  const expected = (WARMUP + TRANSACTIONS) * RECORDS;
  const watcher = await watchOutputs(kafka, topic);
  await watcher.until(expected, 30_000).catch((error: unknown) => console.error(String(error)));
  // Go on reading a moment: a record written twice would come after the expected count.
  await sleep(SETTLE_MS);
  const committedRead = watcher.seenAt.size;
  const { duplicates } = watcher;
  await watcher.stop();
  const [group] = await admin.fetchOffsets({ groupId, topics: [inputTopic] });
  const groupPartitions = group?.partitions.filter((p) => p.offset !== '-1').length ?? 0;
  await admin.deleteTopics({ topics: [topic, inputTopic] });
  await admin.deleteGroups([groupId, watcher.groupId]).catch(() => undefined);
  await admin.disconnect();
  return {
    protocol,
    latency: summarize(latencies),
    clientCpuMs: (client.user + client.system) / 1_000,
    brokerCpuMs,
    refusedAndRetried: counted.retries,
    committedRead,
    duplicates,
    expected,
    groupPartitions,
  };
}

const runs: Run[] = [];
for (let round = 0; round < Number(args.rounds); round++) {
  const order = round % 2 === 0 ? protocols : [...protocols].reverse();
  for (const protocol of order) {
    const result = await run(protocol);
    runs.push(result);
    console.log(
      `round ${round + 1} ${protocol}: p50 ${fmt.ms(result.latency.p50)} p99 ${fmt.ms(result.latency.p99)}, ` +
        `client ${(result.clientCpuMs / TRANSACTIONS).toFixed(2)} ms and broker ${(result.brokerCpuMs / TRANSACTIONS).toFixed(2)} ms of CPU per transaction, ` +
        `read_committed ${result.committedRead} of ${result.expected} (${result.duplicates} twice), group offsets on ${result.groupPartitions} partitions`,
    );
  }
}
const failed = runs.filter(
  (r) => r.committedRead !== r.expected || r.duplicates > 0 || r.groupPartitions !== PARTITIONS,
);
const rows = runs.map(
  (r, i) =>
    `| ${Math.floor(i / protocols.length) + 1} | ${r.protocol} | ${fmt.ms(r.latency.p50)} | ${fmt.ms(r.latency.p99)} | ` +
    `${(r.clientCpuMs / TRANSACTIONS).toFixed(2)} | ${(r.brokerCpuMs / TRANSACTIONS).toFixed(2)} | ` +
    `${r.refusedAndRetried} | ${r.committedRead} / ${r.expected}, ${r.duplicates} twice |`,
);
const report = [
  "# Kafka transaction protocol v1 against v2 over kafkajs's connection",
  '',
  'Generated by `test/bench/kafka-transaction-v2.ts` (what each protocol sends: its header comment).',
  '',
  machineMarkdown(),
  `- ${TRANSACTIONS} measured transactions per run after ${WARMUP} unmeasured, ${RECORDS} records each (~300-byte JSON) to ${RECORDS} of ${PARTITIONS} partitions and one input partition's offset, ${GAP_MS} ms between transactions; rounds alternate the order`,
  '',
  '| round | protocol | p50 | p99 | client CPU ms / transaction | broker CPU ms / transaction | refused and retried | read_committed |',
  '| ----- | -------- | --- | --- | --------------------------- | --------------------------- | ------------------- | -------------- |',
  ...rows,
  '',
].join('\n');
if (args.write)
  writeFileSync(join(REPO_ROOT, 'test/bench/results/kafka-transaction-v2.md'), report);
console.log(report);
if (failed.length > 0) {
  console.error(
    `${failed.length} run(s) did not read back every record once or commit every offset`,
  );
  process.exitCode = 1;
}
