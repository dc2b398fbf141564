import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { BUILT_ENTRY_POINTS, freePorts, REPO_ROOT, type StackPlan } from '@vigil/devstack';
import type { RiskDecision } from '@vigil/events';
import { waitFor } from '@vigil/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { usualPayment } from '../e2e/support/pipeline-events.ts';
import { startBuiltService, type BuiltServiceProcess } from './support/built-service-process.ts';
import {
  builtStackPlan,
  deleteRunKeys,
  deleteRunTopics,
  NO_SINKS,
  serviceEnv,
} from './support/stack-env.ts';

// Two built risk-engine replicas share the scoring group under steady paced traffic; one is
// killed with SIGKILL (no LeaveGroup, no drain). Its units must be scored again by the survivor
// once the group drops the dead member (KAFKA_SESSION_TIMEOUT_MS, 8 s by default) and the
// survivor has claimed their transactional ids: every event still gets exactly one decision, and
// the longest wait of an event sent around the kill is printed and bounded. With static
// membership (KAFKA_GROUP_INSTANCE_ID) a replica restarted at once rejoins as itself instead: its
// units and producer slot back without a rebalance, nothing to wait out.

const PARTITIONS = 2;
const ACCOUNTS = 40;
const SEND_EVERY_MS = 50; // 20 events/s, each account every 2 s
const STEADY_MS = 4_000;
const AFTER_KILL_MS = 20_000;

/** One run: its own topics and groups, two replicas, a reader of the decisions. */
interface Run {
  plan: StackPlan;
  kafka: Kafka;
  producer: Producer;
  reader?: Consumer;
  replicas: BuiltServiceProcess[];
  /** When each event's decisions were read, and the partition of the decision. */
  decidedAt: Map<string, number[]>;
  partitionOf: Map<string, number>;
}
const runs: Run[] = [];

async function newRun(): Promise<Run> {
  // Only the engine runs: no notifier to deliver anything, no case-service (usual payments).
  const plan = await builtStackPlan(NO_SINKS, 10_000);
  plan.options.topicPartitions = PARTITIONS;
  const kafka = new Kafka({ brokers: plan.options.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const run: Run = {
    plan,
    kafka,
    producer,
    replicas: [],
    decidedAt: new Map(),
    partitionOf: new Map(),
  };
  runs.push(run);
  return run;
}

afterAll(async () => {
  for (const { plan, kafka, producer, reader, replicas } of runs) {
    await Promise.all(replicas.map((replica) => replica.terminate(5_000)));
    await reader?.disconnect();
    await producer.disconnect();
    await deleteRunTopics(kafka, plan);
    await deleteRunKeys(plan);
  }
});

async function startReplica(
  run: Run,
  env: Record<string, string> = {},
): Promise<{ replica: BuiltServiceProcess; ops: string }> {
  const [opsPort] = await freePorts(1);
  const ops = `http://127.0.0.1:${String(opsPort)}`;
  const { nodeArgs, script } = BUILT_ENTRY_POINTS['risk-engine'];
  const replica = startBuiltService({
    command: process.execPath,
    args: [...nodeArgs, script],
    cwd: REPO_ROOT,
    env: { ...serviceEnv('risk-engine', run.plan), OPS_PORT: String(opsPort), ...env },
  });
  run.replicas.push(replica);
  await replica.ready(ops);
  return { replica, ops };
}

/** A replica's "processing units assigned" lines (one per join of its scoring consumer). */
const assignedLines = (replica: BuiltServiceProcess) =>
  replica.lines.filter((line) => line.msg === 'processing units assigned');

/** The units a replica last logged as assigned. */
function unitsOf(replica: BuiltServiceProcess): number[] {
  return (assignedLines(replica).at(-1)?.units as number[] | undefined) ?? [];
}

async function readDecisionsFromStart(run: Run): Promise<void> {
  const { plan, kafka, decidedAt, partitionOf } = run;
  const reader = kafka.consumer({
    groupId: `${plan.options.runId}-reader`,
    readUncommitted: false,
  });
  run.reader = reader;
  await reader.connect();
  await reader.subscribe({ topic: plan.options.topics.decisions, fromBeginning: true });
  await reader.run({
    eachMessage: ({ message, partition }) => {
      const decision = JSON.parse(message.value!.toString('utf8')) as RiskDecision;
      const seen = decidedAt.get(decision.eventId) ?? [];
      seen.push(Date.now());
      decidedAt.set(decision.eventId, seen);
      // The decisions topic is co-partitioned with the inputs: the unit that decided it.
      partitionOf.set(decision.eventId, partition);
      return Promise.resolve();
    },
  });
}

/**
 * Paced traffic for STEADY_MS, then `kill` (and whatever it starts in the background), then
 * AFTER_KILL_MS more; resolves with when each event was sent and when the kill happened.
 */
async function traffic(
  run: Run,
  kill: () => void,
): Promise<{ sentAt: Map<string, number>; killedAt: number }> {
  const sentAt = new Map<string, number>();
  let killedAt = 0;
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `${run.plan.options.runId}-acc-${i}`);
  const started = Date.now();
  for (let n = 0; Date.now() - started < STEADY_MS + AFTER_KILL_MS; n++) {
    if (killedAt === 0 && Date.now() - started >= STEADY_MS) {
      kill();
      killedAt = Date.now();
    }
    const event = usualPayment(accounts[n % ACCOUNTS]!);
    sentAt.set(event.eventId, Date.now());
    await run.producer.send({
      topic: run.plan.options.topics.transactions,
      acks: -1,
      messages: [{ key: event.accountId, value: JSON.stringify(event) }],
    });
    await new Promise((resolve) => setTimeout(resolve, SEND_EVERY_MS));
  }
  return { sentAt, killedAt };
}

/** Every event decided once; the waits of the events sent from 1 s before the kill, sorted. */
async function decidedOnce(run: Run, sentAt: Map<string, number>, killedAt: number) {
  const { decidedAt } = run;
  await waitFor(() => (decidedAt.size >= sentAt.size ? true : undefined), {
    timeoutMs: 60_000,
    what: `a decision for each of ${sentAt.size} events`,
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would show up too
  expect([...decidedAt.values()].filter((times) => times.length > 1)).toEqual([]);
  expect([...sentAt.keys()].filter((id) => !decidedAt.has(id))).toEqual([]);
  const waits = [...sentAt]
    .filter(([, at]) => at >= killedAt - 1_000)
    .map(([id, at]) => decidedAt.get(id)![0]! - at)
    .sort((x, y) => x - y);
  return {
    count: waits.length,
    p50: waits[Math.floor(waits.length / 2)]!,
    p99: waits[Math.floor(waits.length * 0.99)]!,
    max: waits.at(-1)!,
  };
}

async function bothOwningAUnit(a: BuiltServiceProcess, b: BuiltServiceProcess): Promise<void> {
  await waitFor(() => (unitsOf(a).length > 0 && unitsOf(b).length > 0 ? true : undefined), {
    timeoutMs: 60_000,
    what: 'both replicas owning a unit',
  });
}

describe('risk-engine replica killed with SIGKILL under steady traffic', () => {
  it('the survivor takes over its units within the session timeout: one decision per event, wait printed', async () => {
    const run = await newRun();
    const a = await startReplica(run);
    const b = await startReplica(run);
    await bothOwningAUnit(a.replica, b.replica);
    await readDecisionsFromStart(run);

    const { sentAt, killedAt } = await traffic(run, () => process.kill(a.replica.pid, 'SIGKILL'));
    expect(await a.replica.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const waits = await decidedOnce(run, sentAt, killedAt);
    expect(unitsOf(b.replica).sort()).toEqual([0, 1]);

    // Events sent from the kill on, on the dead replica's units too: the takeover's cost.
    console.log(
      `failover after SIGKILL: ${waits.count} events sent from 1 s before the kill, wait p50 ${waits.p50} ms, p99 ${waits.p99} ms, max ${waits.max} ms`,
    );
    // Session timeout (8 s) + rebalance + claiming the units (kafkajs's default session was 30 s).
    expect(waits.max).toBeLessThan(15_000);
  });

  it('restarted with its KAFKA_GROUP_INSTANCE_ID, it rejoins as itself at once: same units and producer slot, the survivor not rebalanced, one decision per event', async () => {
    const run = await newRun();
    // A longer session than the default 8 s, as static membership is usually run: a restart that
    // a loaded box slows past the session would be dropped from the group and rebalance. What is
    // measured does not depend on it (nothing waits for the session).
    const staticMember = (id: string) => ({
      KAFKA_GROUP_INSTANCE_ID: id,
      KAFKA_SESSION_TIMEOUT_MS: '20000',
    });
    const a = await startReplica(run, staticMember('engine-a'));
    const b = await startReplica(run, staticMember('engine-b'));
    await bothOwningAUnit(a.replica, b.replica);
    await readDecisionsFromStart(run);
    const before = assignedLines(a.replica).at(-1)!;
    const unitsBefore = before.units as number[];
    const survivorJoins = assignedLines(b.replica).length;

    let restartedAt = 0;
    let restarted: Promise<{ replica: BuiltServiceProcess; ops: string }> | undefined;
    const { sentAt, killedAt } = await traffic(run, () => {
      process.kill(a.replica.pid, 'SIGKILL');
      restartedAt = Date.now();
      restarted = startReplica(run, staticMember('engine-a'));
    });
    expect(await a.replica.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const again = await restarted!;
    const waits = await decidedOnce(run, sentAt, killedAt);

    // The first decision the restarted replica made: an event of its units sent after the kill.
    const firstDecision = Math.min(
      ...[...sentAt]
        .filter(([id, at]) => at >= killedAt && unitsBefore.includes(run.partitionOf.get(id)!))
        .map(([id]) => run.decidedAt.get(id)![0]!),
    );
    const at = (line: Record<string, unknown> | undefined) =>
      (typeof line?.time === 'number' ? line.time : Date.parse(String(line?.time))) - restartedAt;
    const first = (msg: string) => again.replica.lines.find((line) => line.msg === msg);
    console.log(
      `risk-engine restarted after SIGKILL with its group instance id: first decision on its units ${firstDecision - restartedAt} ms after the restart (first log line ${at(again.replica.lines[0])} ms, units assigned ${at(first('processing units assigned'))} ms, ready ${at(first('risk-engine started'))} ms); events sent from 1 s before the kill: ${waits.count}, wait p50 ${waits.p50} ms, p99 ${waits.p99} ms, max ${waits.max} ms`,
    );
    const after = assignedLines(again.replica);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      units: unitsBefore,
      slot: before.slot,
      groupGeneration: before.groupGeneration,
    });
    // The survivor never rejoined: no rebalance paused its units.
    expect(assignedLines(b.replica)).toHaveLength(survivorJoins);
    expect(firstDecision - restartedAt).toBeLessThan(10_000);
  });
});
