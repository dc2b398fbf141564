// Entry of a kafka-client benchmark worker (spawned by bench/kafka-client.ts, one per client and
// run, so the CPU and GC measured are that client's alone): the backlog pass-through, then the
// small-transaction cycles with the consumer idle; prints one result line and exits.
import { kafkajsClient } from './kafka-client-kafkajs.ts';
import { platformaticClient } from './kafka-client-platformatic.ts';
import {
  accountOf,
  cycleRecordId,
  kafkaClientWorkerSettings,
  recordValue,
  requestsBetween,
  RESULT_PREFIX,
  type CycleResult,
  type KafkaClientWorkerResult,
  type OutRecord,
  type PassThroughResult,
} from './kafka-client-settings.ts';
import { cpuSecondsBetween, cpuSecondsOfMainClass } from './proc-cpu.ts';
import { summarize } from './stats.ts';

const settings = kafkaClientWorkerSettings.parse(
  JSON.parse(process.env.BENCH_KAFKA_CLIENT ?? 'null'),
);
const startedAt = performance.now();

const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(from);
  return (user + system) / 1_000;
};
const brokerCpu = () => cpuSecondsOfMainClass('kafka.Kafka');
const brokerMsSince = (from: Map<number, number>) => cpuSecondsBetween(from, brokerCpu()) * 1_000;

const client =
  settings.client === 'platformatic'
    ? await platformaticClient(settings)
    : await kafkajsClient(settings);

async function passThrough(): Promise<{ result: PassThroughResult; firstBatchMs: number }> {
  let clock:
    | {
        at: number;
        cpu: NodeJS.CpuUsage;
        broker: Map<number, number>;
        requests: Record<string, number>;
      }
    | undefined;
  const transactionMs: number[] = [];
  let events = 0;
  await client.passThrough({
    begin: () => {
      clock ??= {
        at: performance.now(),
        cpu: process.cpuUsage(),
        broker: brokerCpu(),
        requests: client.producerRequests(),
      };
    },
    committed: (records, ms) => {
      events += records;
      transactionMs.push(ms);
    },
  });
  const spanMs = performance.now() - clock!.at;
  return {
    firstBatchMs: clock!.at - startedAt,
    result: {
      events,
      transactions: transactionMs.length,
      spanMs,
      cpuMs: cpuMsSince(clock!.cpu),
      brokerCpuMs: brokerMsSince(clock!.broker),
      transaction: summarize(transactionMs),
      requests: requestsBetween(clock!.requests, client.producerRequests()),
    },
  };
}

function cycleRecords(batchSize: number, cycle: number): OutRecord[] {
  return Array.from({ length: batchSize }, (_, j) => {
    const n = cycle * batchSize + j;
    const accountId = accountOf(n * 31 + batchSize, settings.accounts);
    return {
      key: Buffer.from(accountId),
      value: recordValue(cycleRecordId(batchSize, cycle, j), accountId, n),
    };
  });
}

async function cycles(batchSize: number): Promise<CycleResult> {
  const total = settings.warmupCycles + settings.cycles;
  // Built before the clock starts: the records are the same bytes for both clients.
  const records = Array.from({ length: total }, (_, cycle) => cycleRecords(batchSize, cycle));
  for (let cycle = 0; cycle < settings.warmupCycles; cycle++)
    await client.cycle(records[cycle]!, cycle);
  const latency: number[] = [];
  const requests = client.producerRequests();
  const cpu = process.cpuUsage();
  const broker = brokerCpu();
  for (let cycle = settings.warmupCycles; cycle < total; cycle++) {
    const started = performance.now();
    await client.cycle(records[cycle]!, cycle);
    latency.push(performance.now() - started);
  }
  return {
    batchSize,
    latency: summarize(latency),
    cpuMs: cpuMsSince(cpu),
    brokerCpuMs: brokerMsSince(broker),
    requests: requestsBetween(requests, client.producerRequests()),
  };
}

const pass = await passThrough();
const cycleResults: CycleResult[] = [];
for (const batchSize of settings.batchSizes) cycleResults.push(await cycles(batchSize));
const result: KafkaClientWorkerResult = {
  client: settings.client,
  firstBatchMs: pass.firstBatchMs,
  passThrough: pass.result,
  cycles: cycleResults,
  rssBytes: process.memoryUsage.rss(),
};
process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
await client.close();
// Both clients can leave timers behind (reconnects, metadata refresh); the result is out.
process.exit(0);
