// The engine's per-event Node work in one process, without Kafka: records decoded as the consumer
// decodes them (UTF-8, JSON, zod), decided with `decideBatch` against the real Redis feature
// store and event memory, the decisions validated and encoded as the publisher does (zod, JSON). Prints
// this process's CPU and redis-server's (INFO cpu: point REDIS_URL at a private redis-server) per
// event, and a digest of the decisions (ids and times left out), equal for equal decisions. The
// events and their times are fixed, so two checkouts can be alternated and compared.
// Run: cd test && pnpm exec tsx bench/decide-path.ts [--events 20000] [--batch 128] [--reps 2]
// [--store redis|memory] [--chunk N] (each repetition decides the same events under a fresh key
// prefix; the first warms the JIT; --chunk: events per feature-store call). `--store memory`
// decides them on @vigil/rules' in-process reference store and event memory instead: the same
// decisions (same digest) with no Redis at all, i.e. what the engine's own per-event work would be
// if its feature state lived in the process — a ceiling for that lever, not a production path
// (the reference keeps everything, shares nothing).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import { riskDecision, topicCatalog, TOPICS, type ScoredEvent } from '@vigil/events';
import { decodeRecord } from '@vigil/kafka';
import { createFeatureStoreMetrics } from '@vigil/risk-engine/src/adapters/redis-feature-store-metrics.ts';
import { RedisEventMemory } from '@vigil/risk-engine/src/adapters/redis-event-memory.ts';
import { RedisFeatureStore } from '@vigil/risk-engine/src/adapters/redis-feature-store.ts';
import { loadRuleSetFile } from '@vigil/risk-engine/src/adapters/rule-set-file.ts';
import {
  decideBatch,
  InMemoryEventMemory,
  InMemoryFeatureStore,
  type EventMemory,
  type FeatureStore,
} from '@vigil/rules';
import { createRedisFixture } from '@vigil/testing';
import { createEventMix } from './lib/event-mix.ts';
import { REPO_ROOT } from './lib/machine.ts';
import { redisCpuSeconds } from './lib/redis-cpu.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    /** Records per decided batch (the engine's merged batches ran 30–280 under load). */
    batch: { type: 'string', default: '128' },
    reps: { type: 'string', default: '2' },
    store: { type: 'string', default: 'redis' },
    /** Events per feature-store call (decideBatch's storeChunk; default its STORE_CHUNK_EVENTS). */
    chunk: { type: 'string' },
  },
});
if (args.store !== 'redis' && args.store !== 'memory') throw new Error('--store: redis or memory');
const N = Number(args.events);
const BATCH = Number(args.batch);
const HISTORY_MS = 2 * 3_600_000;
// Fixed, not now: the same events, hence the same decisions, in every run.
const START = Date.UTC(2026, 11, 3, 6);
const TOPIC_OF = {
  transaction: TOPICS.transactions,
  login: TOPICS.logins,
  account_change: TOPICS.accountChanges,
} as const;

const ruleSet = await loadRuleSetFile(
  join(REPO_ROOT, 'services/risk-engine/config/rules.default.yaml'),
);
const fixture = await createRedisFixture();
const { redis } = fixture;

for (let rep = 0; rep < Number(args.reps); rep += 1) {
  const mix = createEventMix({ seed: 20261124, accounts: 50_000, idPrefix: 'dp' });
  const records = Array.from({ length: N }, (_, i) => {
    const scored = mix.next(START + (i * HISTORY_MS) / N);
    const value = Buffer.from(JSON.stringify(scored.event));
    return { topic: TOPIC_OF[scored.kind], kind: scored.kind, value };
  });
  const keyPrefix = `${fixture.keyPrefix}r${rep}:`;
  const inProcess = args.store === 'memory';
  const store: FeatureStore = inProcess
    ? new InMemoryFeatureStore()
    : new RedisFeatureStore({
        redis,
        keyPrefix,
        metrics: createFeatureStoreMetrics(new Registry()),
      });
  const memory: EventMemory = inProcess
    ? new InMemoryEventMemory()
    : new RedisEventMemory({ redis, keyPrefix, horizonMs: 3_600_000 });
  const digest = createHash('sha1');
  let decided = 0;
  const redis0 = await redisCpuSeconds(redis);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let offset = 0; offset < N; offset += BATCH) {
    const events = records.slice(offset, offset + BATCH).map((record, i) => {
      // The union of the three topics' schemas, as the engine's subscriptions decode them.
      const schema = topicCatalog[record.topic] as ZodType<ScoredEvent['event']>;
      const decoded = decodeRecord(record, schema, 256 * 1024);
      if (!decoded.ok) throw new Error(decoded.message);
      const scored = { kind: record.kind, event: decoded.value } as ScoredEvent;
      return { scored, origin: `${record.topic}/${(offset + i) % 3}/${offset + i}` };
    });
    const batch = await decideBatch(
      { ruleSet, store, memory, now: 0, ...(args.chunk ? { storeChunk: Number(args.chunk) } : {}) },
      events,
    );
    for (const { decision } of [...batch.decided, ...batch.followUps]) {
      // What the publisher does with each (encodeMessages in @vigil/kafka): validate, then JSON.
      const parsed = riskDecision.safeParse(decision);
      if (!parsed.success) throw new Error('a decision fails its schema');
      const json = JSON.stringify(parsed.data);
      digest.update(json.replace(/"(decisionId|decidedAt)":"[^"]*"/g, ''));
    }
    decided += batch.decided.length;
  }
  const cpu = process.cpuUsage(cpu0);
  const seconds = (performance.now() - wall0) / 1_000;
  const redisMs = ((await redisCpuSeconds(redis)) - redis0) * 1_000;
  console.log(
    `rep ${rep} (${args.store}): node ${((cpu.user + cpu.system) / 1_000 / N).toFixed(4)} ms/event, ` +
      `redis ${(redisMs / N).toFixed(4)} ms/event, ${Math.round(N / seconds)} events/s, ` +
      `decided ${decided}, decisions digest ${digest.digest('hex').slice(0, 12)}`,
  );
}
await fixture.cleanup();
