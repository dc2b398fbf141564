import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import {
  BUILT_ENTRY_POINTS,
  freePorts,
  REPO_ROOT,
  topicList,
  type StackPlan,
} from '@vigil/devstack';
import type { RiskDecision } from '@vigil/events';
import { waitFor } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usualPayment } from '../e2e/support/pipeline-events.ts';
import { startBuiltService, type BuiltServiceProcess } from './support/built-service-process.ts';
import { builtStackPlan, NO_SINKS, serviceEnv } from './support/stack-env.ts';

// Two built risk-engine replicas share the scoring group under steady paced traffic; one is
// killed with SIGKILL (no LeaveGroup, no drain). Its units must be scored again by the survivor
// once the group drops the dead member (KAFKA_SESSION_TIMEOUT_MS, 8 s by default) and the
// survivor has claimed their transactional ids: every event still gets exactly one decision, and
// the longest wait of an event sent around the kill is printed and bounded.

const PARTITIONS = 2;
const ACCOUNTS = 40;
const SEND_EVERY_MS = 50; // 20 events/s, each account every 2 s
const STEADY_MS = 4_000;
const AFTER_KILL_MS = 20_000;

let plan: StackPlan;
let kafka: Kafka;
let producer: Producer;
let reader: Consumer;
const replicas: BuiltServiceProcess[] = [];
const decidedAt = new Map<string, number[]>();

beforeAll(async () => {
  // Only the engine runs: no notifier to deliver anything, no case-service (usual payments).
  plan = await builtStackPlan(NO_SINKS, 10_000);
  plan.options.topicPartitions = PARTITIONS;
  kafka = new Kafka({ brokers: plan.options.kafkaBrokers, logLevel: logLevel.NOTHING });
  producer = kafka.producer({ idempotent: true });
  await producer.connect();
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.terminate(5_000)));
  await reader?.disconnect();
  await producer?.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  const topics = topicList(plan.options.topics);
  const existing = new Set(await admin.listTopics());
  await admin.deleteTopics({
    topics: [...topics, ...topics.map((t) => `${t}.dlq`)].filter((t) => existing.has(t)),
  });
  await admin.disconnect();
});

async function startReplica(): Promise<{ replica: BuiltServiceProcess; ops: string }> {
  const [opsPort] = await freePorts(1);
  const ops = `http://127.0.0.1:${String(opsPort)}`;
  const { nodeArgs, script } = BUILT_ENTRY_POINTS['risk-engine'];
  const replica = startBuiltService({
    command: process.execPath,
    args: [...nodeArgs, script],
    cwd: REPO_ROOT,
    env: { ...serviceEnv('risk-engine', plan), OPS_PORT: String(opsPort) },
  });
  replicas.push(replica);
  await replica.ready(ops);
  return { replica, ops };
}

/** The units a replica last logged as assigned (its "processing units assigned" lines). */
function unitsOf(replica: BuiltServiceProcess): number[] {
  const assigned = replica.lines.filter((line) => line.msg === 'processing units assigned');
  return (assigned.at(-1)?.units as number[] | undefined) ?? [];
}

async function readDecisionsFromStart(): Promise<void> {
  reader = kafka.consumer({ groupId: `${plan.options.runId}-reader`, readUncommitted: false });
  await reader.connect();
  await reader.subscribe({ topic: plan.options.topics.decisions, fromBeginning: true });
  await reader.run({
    eachMessage: ({ message }) => {
      const decision = JSON.parse(message.value!.toString('utf8')) as RiskDecision;
      const seen = decidedAt.get(decision.eventId) ?? [];
      seen.push(Date.now());
      decidedAt.set(decision.eventId, seen);
      return Promise.resolve();
    },
  });
}

describe('risk-engine replica killed with SIGKILL under steady traffic', () => {
  it('the survivor takes over its units within the session timeout: one decision per event, wait printed', async () => {
    const a = await startReplica();
    const b = await startReplica();
    await waitFor(
      () => (unitsOf(a.replica).length > 0 && unitsOf(b.replica).length > 0 ? true : undefined),
      { timeoutMs: 60_000, what: 'both replicas owning a unit' },
    );
    await readDecisionsFromStart();

    const sentAt = new Map<string, number>();
    let killedAt = 0;
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `${plan.options.runId}-acc-${i}`);
    const started = Date.now();
    for (let n = 0; Date.now() - started < STEADY_MS + AFTER_KILL_MS; n++) {
      if (killedAt === 0 && Date.now() - started >= STEADY_MS) {
        process.kill(a.replica.pid, 'SIGKILL');
        killedAt = Date.now();
      }
      const event = usualPayment(accounts[n % ACCOUNTS]!);
      sentAt.set(event.eventId, Date.now());
      await producer.send({
        topic: plan.options.topics.transactions,
        acks: -1,
        messages: [{ key: event.accountId, value: JSON.stringify(event) }],
      });
      await new Promise((resolve) => setTimeout(resolve, SEND_EVERY_MS));
    }
    expect(await a.replica.exited).toEqual({ code: null, signal: 'SIGKILL' });

    await waitFor(() => (decidedAt.size >= sentAt.size ? true : undefined), {
      timeoutMs: 60_000,
      what: `a decision for each of ${sentAt.size} events`,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would show up too
    expect([...decidedAt.values()].filter((times) => times.length > 1)).toEqual([]);
    expect([...sentAt.keys()].filter((id) => !decidedAt.has(id))).toEqual([]);
    expect(unitsOf(b.replica).sort()).toEqual([0, 1]);

    // Events sent from the kill on, on the dead replica's units too: the takeover's cost.
    const waits = [...sentAt]
      .filter(([, at]) => at >= killedAt - 1_000)
      .map(([id, at]) => decidedAt.get(id)![0]! - at)
      .sort((x, y) => x - y);
    const p99 = waits[Math.floor(waits.length * 0.99)]!;
    const longest = waits.at(-1)!;
    console.log(
      `failover after SIGKILL: ${waits.length} events sent from 1 s before the kill, wait p50 ${waits[Math.floor(waits.length / 2)]} ms, p99 ${p99} ms, max ${longest} ms`,
    );
    // Session timeout (8 s) + rebalance + claiming the units (kafkajs's default session was 30 s).
    expect(longest).toBeLessThan(15_000);
  });
});
