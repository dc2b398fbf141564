// Kafka client benchmark: kafkajs vs @platformatic/kafka on a transactional consume → produce
// with the offsets in the transaction (the risk engine's per-batch work): backlog throughput and
// CPU, and the fixed cost of a small transaction. Each client runs in a worker process of its own.
// Run: cd test && pnpm exec tsx bench/kafka-client.ts [--client both] [--events 40000] [--write]
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { createLedTopics, infraUrls } from '@vigil/testing';
import { checkOutputs } from './lib/kafka-client-check.ts';
import { runKafkaClientWorker } from './lib/kafka-client-process.ts';
import { renderKafkaClientReport, type KafkaClientRun } from './lib/kafka-client-report.ts';
import {
  accountOf,
  KAFKA_CLIENTS,
  passThroughId,
  recordValue,
  type KafkaClientName,
  type KafkaClientWorkerSettings,
} from './lib/kafka-client-settings.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';

const { values: args } = parseArgs({
  options: {
    /** kafkajs, kafkajs-overlapped, platformatic, a comma list of them, both (kafkajs and platformatic) or all. */
    client: { type: 'string', default: 'both' },
    events: { type: 'string', default: '40000' },
    accounts: { type: 'string', default: '5000' },
    partitions: { type: 'string', default: '12' },
    /** Most records per pass-through transaction (the engine's MAX_BATCH_RECORDS). */
    'max-batch': { type: 'string', default: '500' },
    'batch-sizes': { type: 'string', default: '1,10,50' },
    cycles: { type: 'string', default: '300' },
    'warmup-cycles': { type: 'string', default: '20' },
    /**
     * Transactional ids each client takes turns with (a transaction's commit markers are still
     * being written when the next one starts: with one id it is refused and retried).
     */
    'transactional-ids': { type: 'string', default: '1' },
    /** Each round runs every client once, the order alternating (A B, B A, …). */
    rounds: { type: 'string', default: '1' },
    'timeout-seconds': { type: 'string', default: '900' },
    /** Writes results/kafka-client.md: for full runs only, not smoke runs. */
    write: { type: 'boolean', default: false },
    /** The results file --write writes, under test/bench/results. */
    out: { type: 'string', default: 'kafka-client.md' },
  },
});
const named =
  args.client === 'all'
    ? [...KAFKA_CLIENTS]
    : args.client === 'both'
      ? ['kafkajs', 'platformatic']
      : args.client.split(',');
const clients: KafkaClientName[] = KAFKA_CLIENTS.filter((c) => named.includes(c));
if (clients.length !== named.length)
  throw new Error(
    `--client ${args.client}: ${KAFKA_CLIENTS.join(', ')}, a comma list, both or all`,
  );
const settings = {
  events: Number(args.events),
  accounts: Number(args.accounts),
  partitions: Number(args.partitions),
  maxBatch: Number(args['max-batch']),
  batchSizes: args['batch-sizes'].split(',').map(Number),
  cycles: Number(args.cycles),
  warmupCycles: Number(args['warmup-cycles']),
  transactionalIds: Number(args['transactional-ids']),
  rounds: Number(args.rounds),
};
const TIMEOUT_MS = Number(args['timeout-seconds']) * 1_000;
const PRELOAD_CHUNK = 2_000;

const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const versionOf = (pkg: string) =>
  (
    JSON.parse(readFileSync(join(REPO_ROOT, 'test/node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
// Captured before the run: the load average is the one the run started under.
const machine = machineMarkdown();
const versions: Record<KafkaClientName, string> = {
  kafkajs: `${versionOf('kafkajs')} (patches/kafkajs@2.2.4.patch)`,
  'kafkajs-overlapped': `${versionOf('kafkajs')} (patches/kafkajs@2.2.4.patch), two requests in flight`,
  platformatic: versionOf('@platformatic/kafka'),
};

const brokers = infraUrls().kafkaBrokers;
const kafka = new Kafka({ clientId: 'bench-kc-parent', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
await admin.connect();
const topics = new Set<string>();
const groups = new Set<string>();

/**
 * A producer per run: kafkajs refreshes the metadata of every topic a producer ever sent to, and
 * fails once an earlier run's topic is deleted.
 */
async function preload(topic: string): Promise<void> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  try {
    for (let from = 0; from < settings.events; from += PRELOAD_CHUNK) {
      const messages: Message[] = [];
      for (let n = from; n < Math.min(settings.events, from + PRELOAD_CHUNK); n++) {
        const accountId = accountOf(n, settings.accounts);
        messages.push({ key: accountId, value: recordValue(passThroughId(n), accountId, n) });
      }
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

async function dropRun(runTopics: readonly string[], runGroups: readonly string[]) {
  if (runTopics.length > 0) await admin.deleteTopics({ topics: [...runTopics], timeout: 10_000 });
  runTopics.forEach((t) => topics.delete(t));
  // A group the worker never joined does not exist: nothing to delete.
  if (runGroups.length > 0) await admin.deleteGroups([...runGroups]).catch(() => undefined);
  runGroups.forEach((g) => groups.delete(g));
}

async function measure(client: KafkaClientName, round: number): Promise<KafkaClientRun> {
  const base = `bench-kc-${client}-${randomBytes(4).toString('hex')}`;
  const worker: KafkaClientWorkerSettings = {
    client,
    brokers,
    inputTopic: `${base}-in`,
    outputTopic: `${base}-out`,
    groupId: `${base}-group`,
    transactionalId: `${base}-tx`,
    transactionalIds: settings.transactionalIds,
    events: settings.events,
    maxBatch: settings.maxBatch,
    batchSizes: settings.batchSizes,
    cycles: settings.cycles,
    warmupCycles: settings.warmupCycles,
    accounts: settings.accounts,
  };
  const runTopics = [worker.inputTopic, worker.outputTopic];
  runTopics.forEach((t) => topics.add(t));
  groups.add(worker.groupId);
  await createLedTopics(admin, runTopics, settings.partitions);
  await preload(worker.inputTopic);
  log(`${client}: ${settings.events} records pre-loaded in ${worker.inputTopic}; worker starts`);
  const result = await runKafkaClientWorker(worker, TIMEOUT_MS);
  const cycleRecords =
    (settings.cycles + settings.warmupCycles) * settings.batchSizes.reduce((a, b) => a + b, 0);
  const check = await checkOutputs(
    kafka,
    admin,
    { input: worker.inputTopic, output: worker.outputTopic, groupId: worker.groupId },
    { events: settings.events, cycles: cycleRecords },
    60_000,
  );
  groups.add(check.groupId);
  log(
    `${client}: ${check.ok ? 'ok' : 'FAILED'}: ${check.passThrough}/${settings.events} pass-through ` +
      `and ${check.cycles}/${cycleRecords} cycle records read read_committed, ` +
      `${check.duplicates} duplicates, ${check.unknown} unknown; group offsets at the input's end ` +
      `on ${check.partitions - check.partitionsBehind}/${check.partitions} partitions`,
  );
  await dropRun(runTopics, [worker.groupId, check.groupId]);
  return { round, result, check };
}

const runs: KafkaClientRun[] = [];
try {
  for (let round = 1; round <= settings.rounds; round++) {
    const order = round % 2 === 1 ? clients : [...clients].reverse();
    for (const client of order) runs.push(await measure(client, round));
  }
} finally {
  // Whatever a failed run left behind.
  if (topics.size > 0 || groups.size > 0) await dropRun([...topics], [...groups]);
  await admin.disconnect();
}

const report = renderKafkaClientReport({ machine, versions, settings, runs });
console.log(`\n${report}`);
if (args.write) {
  mkdirSync(join(REPO_ROOT, 'test/bench/results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'test/bench/results', args.out), report);
  log(`written to test/bench/results/${args.out}`);
}
process.exit(runs.every((r) => r.check.ok) ? 0 : 1);
