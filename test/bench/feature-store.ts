// Feature-store micro-benchmark: the scoring path without Kafka. Plans the default rule set's
// features for seeded events, runs them through the Redis feature store in batches the size the
// engine uses, evaluates, and reports Node and redis-server CPU per event plus Redis
// command counts (INFO commandstats), so changes to the Lua script or the planner can be
// compared in isolation. At the end it sums MEMORY USAGE of every key the run left, per kind of
// state, as bytes per event, and for the dedupe state and first results also per event-day. `--late-fraction` delivers that share of events up to
// `--late-minutes` after their event time (the store's as-of-event-time paths). `--memory`
// also records every event in the event memory as the engine does (`--memory only`: nothing
// else), so the two costs can be told apart. `--redis cluster` runs the same events through the
// Redis Cluster store on a 3-primary, 3-replica cluster of its own (each event split per slot):
// CPU and commands summed over the primaries (and the replicas' CPU apart), for the capacity model.
// `--segments N` also reports CPU per event for N consecutive parts of the run: a cost that grows
// as accounts and entities accumulate state shows as a rising line (the event memory's uses did,
// 2026-12-06).
// Run: pnpm --filter @vigil/system-tests bench:feature-store [--events 40000] [--batch 500]
//      [--late-fraction 0.1] [--late-minutes 30] [--memory with|only] [--redis single|cluster]
//      [--accounts 50000] [--history-hours 2] [--segments 5]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { createFeatureStoreMetrics } from '@vigil/risk-engine/src/adapters/redis-feature-store-metrics.ts';
import { RedisEventMemory } from '@vigil/risk-engine/src/adapters/redis-event-memory.ts';
import { RedisClusterFeatureStore } from '@vigil/risk-engine/src/adapters/redis-cluster-feature-store.ts';
import { RedisFeatureStore } from '@vigil/risk-engine/src/adapters/redis-feature-store.ts';
import { loadRuleSetFile } from '@vigil/risk-engine/src/adapters/rule-set-file.ts';
import {
  buildDecision,
  evaluate,
  eventTime,
  memoryItems,
  planFeatures,
  requiredFeatures,
  type FeatureBatchItem,
} from '@vigil/rules';
import {
  createRedisClusterFixture,
  createRedisFixture,
  uniqueName,
  type RedisFixture,
} from '@vigil/testing';

/** A node's own connection (the test package reaches ioredis only through its fixtures). */
type Redis = RedisFixture['redis'];
import { createEventMix, type GeneratedEvent } from './lib/event-mix.ts';
import { REPO_ROOT } from './lib/machine.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '40000' },
    batch: { type: 'string', default: '500' },
    accounts: { type: 'string', default: '50000' },
    'history-hours': { type: 'string', default: '2' },
    /** Only send features of these kinds (e.g. counter,distinct) to see what each costs. */
    kinds: { type: 'string' },
    'late-fraction': { type: 'string', default: '0' },
    'late-minutes': { type: 'string', default: '30' },
    /** with: the event memory too, as the engine records it; only: the event memory alone. */
    memory: { type: 'string', default: 'no' },
    /** single: one node (the shared or REDIS_URL server); cluster: a private 3 + 3 cluster. */
    redis: { type: 'string', default: 'single' },
    /**
     * Also report CPU per event for this many consecutive parts of the run: whether a cost grows
     * as the keyspace fills (more events per account and entity) rather than staying flat.
     */
    segments: { type: 'string', default: '1' },
  },
});
const N = Number(args.events);
const kinds = args.kinds === undefined ? undefined : new Set(args.kinds.split(','));
const BATCH = Number(args.batch);
const MEMORY = args.memory;
if (!['no', 'with', 'only'].includes(MEMORY)) throw new Error('--memory is no, with or only');
const CLUSTER = args.redis === 'cluster';
if (!CLUSTER && args.redis !== 'single') throw new Error('--redis is single or cluster');
if (CLUSTER && MEMORY !== 'no') throw new Error('--redis cluster measures the feature store alone');
const historyMs = Number(args['history-hours']) * 3_600_000;
const SEGMENTS = Number(args.segments);
if (!Number.isInteger(SEGMENTS) || SEGMENTS < 1)
  throw new Error('--segments is a whole number ≥ 1');

const ruleSet = await loadRuleSetFile(
  join(REPO_ROOT, 'services/risk-engine/config/rules.default.yaml'),
);
const mix = createEventMix({
  seed: 20261124,
  accounts: Number(args.accounts),
  idPrefix: uniqueName('fs'),
});
const start = Date.now() - historyMs;
const lateFraction = Number(args['late-fraction']);
const lateMs = Number(args['late-minutes']) * 60_000;
// Knuth's multiplicative hash of the index: a reproducible spread in [0, 1) without a generator.
const spread = (i: number, salt: number) => (((i + salt) * 2_654_435_761) >>> 0) / 4_294_967_296;
const events: GeneratedEvent[] = Array.from({ length: N }, (_, i) => {
  const at = start + (i * historyMs) / N;
  const deliverAt = spread(i, 0) < lateFraction ? at + spread(i, 7) * lateMs : at;
  return { event: mix.next(at), deliverAt };
})
  .sort((a, b) => a.deliverAt - b.deliverAt)
  .map(({ event }) => event);

/** Where the run's state lives: the connections whose INFO and keys it reads. */
interface Target {
  keyPrefix: string;
  /** The primaries (one for a single node): CPU, commands and keys are summed over them. */
  primaries: Redis[];
  /** Replicas (cluster only): their CPU is the replication's cost, reported apart. */
  replicas: Redis[];
  store: RedisFeatureStore | RedisClusterFeatureStore;
  memory?: RedisEventMemory;
  cleanup(): Promise<void>;
}

async function singleTarget(): Promise<Target> {
  const fixture = await createRedisFixture();
  return {
    keyPrefix: fixture.keyPrefix,
    primaries: [fixture.redis],
    replicas: [],
    store: new RedisFeatureStore({
      redis: fixture.redis,
      keyPrefix: fixture.keyPrefix,
      metrics: createFeatureStoreMetrics(new Registry()),
    }),
    memory: new RedisEventMemory({
      redis: fixture.redis,
      keyPrefix: fixture.keyPrefix,
      horizonMs: 3_600_000,
    }),
    cleanup: () => fixture.cleanup(),
  };
}

async function clusterTarget(): Promise<Target> {
  const fixture = await createRedisClusterFixture();
  const roles = await Promise.all(fixture.nodes.map(async (node) => (await node.admin.role())[0]));
  return {
    keyPrefix: fixture.keyPrefix,
    primaries: fixture.nodes.filter((_, i) => roles[i] === 'master').map((node) => node.admin),
    replicas: fixture.nodes.filter((_, i) => roles[i] !== 'master').map((node) => node.admin),
    store: new RedisClusterFeatureStore({
      redis: fixture.cluster,
      keyPrefix: fixture.keyPrefix,
      metrics: createFeatureStoreMetrics(new Registry()),
    }),
    cleanup: () => fixture.cleanup(),
  };
}

const target = CLUSTER ? await clusterTarget() : await singleTarget();
const { store, memory } = target;

interface RedisStats {
  cpu: number;
  replicaCpu: number;
  commands: Map<string, { calls: number; usec: number }>;
}

async function nodeStats(node: Redis) {
  const info = await node.info('all');
  const field = (name: string) =>
    Number(info.match(new RegExp(`^${name}:([\\d.]+)`, 'm'))?.[1] ?? 0);
  const commands = new Map<string, { calls: number; usec: number }>();
  for (const m of info.matchAll(/^cmdstat_([\w|]+):calls=(\d+),usec=(\d+)/gm)) {
    commands.set(m[1]!, { calls: Number(m[2]), usec: Number(m[3]) });
  }
  return { cpu: field('used_cpu_user') + field('used_cpu_sys'), commands };
}

async function redisStats(): Promise<RedisStats> {
  const primaries = await Promise.all(target.primaries.map(nodeStats));
  const replicas = await Promise.all(target.replicas.map(nodeStats));
  const commands = new Map<string, { calls: number; usec: number }>();
  for (const { commands: node } of primaries)
    for (const [name, v] of node) {
      const sum = commands.get(name) ?? { calls: 0, usec: 0 };
      commands.set(name, { calls: sum.calls + v.calls, usec: sum.usec + v.usec });
    }
  const cpu = (nodes: { cpu: number }[]) => nodes.reduce((sum, node) => sum + node.cpu, 0);
  return { cpu: cpu(primaries), replicaCpu: cpu(replicas), commands };
}

let features = 0;
const t = { plan: 0, store: 0, evaluate: 0, memory: 0 };
const before = await redisStats();
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
// Where each part of the run started (--segments): events, redis-server and this process's CPU.
const parts: { from: number; to: number; redisMs: number; nodeMs: number }[] = [];
let part = { from: 0, redis: before.cpu, node: process.cpuUsage() };
async function endPart(to: number): Promise<void> {
  const redis = (await redisStats()).cpu;
  const node = process.cpuUsage(part.node);
  parts.push({
    from: part.from,
    to,
    redisMs: (redis - part.redis) * 1000,
    nodeMs: (node.user + node.system) / 1000,
  });
  part = { from: to, redis, node: process.cpuUsage() };
}
for (let offset = 0; offset < N; offset += BATCH) {
  const done = Math.min(N, offset + BATCH);
  // Parts end on batch boundaries: the first batch at or past each N / SEGMENTS.
  const endsPart =
    SEGMENTS > 1 &&
    (done === N || Math.floor((done * SEGMENTS) / N) > Math.floor((offset * SEGMENTS) / N));
  const slice = events.slice(offset, offset + BATCH);
  let mark = performance.now();
  const plans = slice.map((event) => planFeatures(ruleSet, event));
  const items: FeatureBatchItem[] = slice.map((event, i) => ({
    eventId: event.event.eventId,
    accountId: event.event.accountId,
    at: eventTime(event),
    // As the engine sends them: the dedupe state keeps the origin, the results the plan.
    origin: `vigil.${event.kind}s/${(offset + i) % 12}/${1_000_000 + offset + i}`,
    plan: ruleSet.fingerprint,
    requests: requiredFeatures(ruleSet, event, plans[i]).filter(
      (request) => kinds === undefined || kinds.has(request.op.kind),
    ),
  }));
  for (const item of items) features += item.requests.length;
  t.plan += performance.now() - mark;
  if (memory && MEMORY !== 'no') {
    mark = performance.now();
    // What the engine records: each event's payload, its uses and their activity's context.
    await memory.record(
      memoryItems(
        ruleSet,
        slice.map((scored) => ({ scored, origin: '' })),
      ),
    );
    t.memory += performance.now() - mark;
    if (MEMORY === 'only') {
      if (endsPart) await endPart(done);
      continue;
    }
  }
  mark = performance.now();
  const results = await store.computeBatch(items);
  t.store += performance.now() - mark;
  mark = performance.now();
  const now = Date.now();
  // A kind filter leaves rules without their features: evaluate only full runs.
  if (kinds === undefined)
    slice.forEach((event, i) =>
      buildDecision(event, evaluate(event, results[i]!.values, ruleSet, now, plans[i])),
    );
  t.evaluate += performance.now() - mark;
  if (endsPart) await endPart(done);
}
const wallMs = performance.now() - wall0;
const cpu = process.cpuUsage(cpu0);
const after = await redisStats();

const per = (ms: number) => (ms / N).toFixed(4);
console.log(`events ${N}, batch ${BATCH}, features/event ${(features / N).toFixed(1)}`);
console.log(`wall ${(wallMs / 1000).toFixed(2)} s = ${Math.round((N * 1000) / wallMs)} events/s`);
console.log(
  `node CPU ms/event ${per((cpu.user + cpu.system) / 1000)} (plan ${per(t.plan)}, store call ${per(t.store)}, memory call ${per(t.memory)}, evaluate ${per(t.evaluate)} wall ms/event)`,
);
console.log(
  `redis CPU ms/event ${per((after.cpu - before.cpu) * 1000)}${CLUSTER ? ` (${target.primaries.length} primaries; replicas ${per((after.replicaCpu - before.replicaCpu) * 1000)})` : ''}`,
);
const rows = [...after.commands]
  .map(([name, v]) => {
    const b = before.commands.get(name) ?? { calls: 0, usec: 0 };
    return { name, calls: v.calls - b.calls, usec: v.usec - b.usec };
  })
  .filter((r) => r.calls > 0 && r.name !== 'info')
  .sort((a, b) => b.usec - a.usec);
for (const r of rows) {
  console.log(
    `  ${r.name.padEnd(20)} calls/event ${(r.calls / N).toFixed(2).padStart(6)}  µs/event ${(r.usec / N).toFixed(1).padStart(7)}`,
  );
}
if (parts.length > 1) {
  console.log(`CPU ms/event by part of the run (${SEGMENTS} parts, the keyspace filling up):`);
  for (const { from, to, redisMs, nodeMs } of parts) {
    const n = to - from;
    console.log(
      `  events ${String(from + 1).padStart(7)}–${String(to).padEnd(7)} redis ${(redisMs / n).toFixed(4)}  node ${(nodeMs / n).toFixed(4)}`,
    );
  }
}

interface KindBytes {
  keys: number;
  bytes: number;
  /** The longest time to live among the kind's keys (ms): about how long the kind is kept. */
  maxTtlMs: number;
}

/** MEMORY USAGE of every key the run left, by kind of state (the key's `v1:<kind>:` part). */
async function stateBytes(): Promise<Map<string, KindBytes>> {
  const byKind = new Map<string, KindBytes>();
  for (const node of target.primaries) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${target.keyPrefix}*`, 'COUNT', 1000);
      cursor = next;
      const pipeline = node.pipeline();
      for (const key of keys) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0').pttl(key);
      const replies = (await pipeline.exec()) ?? [];
      keys.forEach((key, i) => {
        const kind = key.slice(target.keyPrefix.length).split(':')[1] ?? '?';
        const entry = byKind.get(kind) ?? { keys: 0, bytes: 0, maxTtlMs: 0 };
        entry.keys += 1;
        entry.bytes += Number(replies[2 * i]?.[1] ?? 0);
        entry.maxTtlMs = Math.max(entry.maxTtlMs, Number(replies[2 * i + 1]?.[1] ?? 0));
        byKind.set(kind, entry);
      });
    } while (cursor !== '0');
  }
  return byKind;
}
const state = [...(await stateBytes())].sort((a, b) => b[1].bytes - a[1].bytes);
const totalBytes = state.reduce((sum, [, v]) => sum + v.bytes, 0);
console.log(
  `state bytes/event ${(totalBytes / N).toFixed(0)} (MEMORY USAGE of the run's keys; late fraction ${lateFraction})`,
);
for (const [kind, v] of state)
  console.log(
    `  ${kind.padEnd(8)} keys ${String(v.keys).padStart(7)}  bytes/event ${(v.bytes / N).toFixed(1).padStart(7)}`,
  );
// Dedupe and first results, old layouts (evt markers, evr results, latest; dd account hashes) or new (dd hour
// hashes, res results; on a cluster also sdd, the per-slot markers of an event's other slots). Per event-day: bytes each event adds × days it is kept (the kind's
// longest TTL), i.e. steady-state bytes ÷ events per day.
const DEDUPE_KINDS = ['evt', 'evr', 'latest', 'dd', 'res', 'sdd'];
const dedupe = state.filter(([kind]) => DEDUPE_KINDS.includes(kind));
const dedupeBytes = dedupe.reduce((sum, [, v]) => sum + v.bytes, 0);
const eventDays = dedupe.reduce((sum, [, v]) => sum + (v.bytes * v.maxTtlMs) / 86_400_000, 0);
const accounts = new Set(events.map((event) => event.event.accountId)).size;
console.log(
  `dedupe + results bytes/event ${(dedupeBytes / N).toFixed(1)}, bytes/event-day ${(eventDays / N).toFixed(1)} (${accounts} accounts, ${(N / accounts).toFixed(2)} events/account)`,
);
for (const [kind, v] of dedupe)
  console.log(
    `  ${kind.padEnd(8)} kept ${(v.maxTtlMs / 3_600_000).toFixed(2).padStart(5)} h  bytes/event ${(v.bytes / N).toFixed(1).padStart(7)}  bytes/key ${(v.bytes / v.keys).toFixed(0).padStart(6)}`,
  );
await target.cleanup();
process.exit(0);
