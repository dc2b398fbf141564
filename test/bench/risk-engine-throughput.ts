// Risk-engine benchmark: pass-through baselines vs the real engine on the same pre-loaded
// events and broker, Redis round trips per event, event→decision latency at fixed rates, RSS.
// Run: pnpm --filter @vigil/system-tests bench:risk-engine [--events 60000] [--rounds 2]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadRuleSetFile } from '@vigil/risk-engine/src/adapters/rule-set-file.ts';
import {
  createKafkaFixture,
  createRedisFixture,
  uniqueName,
  type RedisFixture,
} from '@vigil/testing';
import { createEventMix, type GeneratedEvent } from './lib/event-mix.ts';
import { preload, type TopicsByKind } from './lib/kafka-load.ts';
import { measureLatency, type LatencyResult } from './lib/latency-phase.ts';
import { machineMarkdown, REPO_ROOT } from './lib/machine.ts';
import { renderRiskEngineReport, rateOf, type Run } from './lib/risk-engine-report.ts';
import { watchOutputs } from './lib/output-watcher.ts';
import type { PassThroughMode } from './lib/pass-through.ts';
import { engineDiagnostics, latencyAnatomy } from './lib/engine-diagnostics.ts';
import { spawnSubject, type SubjectProcess } from './lib/subject-process.ts';
import { fmt, latencyCells, ratePerSecond } from './lib/stats.ts';
import { baselineCheckout } from './lib/baseline-checkout.ts';
import { measureStall } from './lib/stall-phase.ts';
import { redisCpuSeconds } from './lib/redis-cpu.ts';
import { batchStagesOf, renderStages, stagesSince } from './lib/batch-stages.ts';
import {
  measureInterleaved,
  renderInterleaved,
  type InterleavedSubject,
} from './lib/interleaved-latency.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '40000' },
    rounds: { type: 'string', default: '2' },
    accounts: { type: 'string', default: '50000' },
    'history-hours': { type: 'string', default: '2' },
    'latency-seconds': { type: 'string', default: '20' },
    fractions: { type: 'string', default: '0.25,0.5' },
    /**
     * The max the fractions are of, instead of this run's measured engine rate: runs alternated
     * for an A/B then meet the same rates whatever the box's hour did to each run's max.
     */
    'max-rate': { type: 'string', default: '' },
    /** Then keep the engine at 50% of its max this long, one latency/RSS sample per minute. */
    'soak-minutes': { type: 'string', default: '0' },
    /** A git ref whose engine is measured beside this one (same run, same rates): the A/B. */
    'compare-ref': { type: 'string', default: '' },
    /** Logins held back this many events behind while payments arrive live (0 skips the phase). */
    'stall-events': { type: 'string', default: '30000' },
    /**
     * With --compare-ref: instead of one latency step per engine and rate, both engines run warm
     * side by side and are fed in turn, this many steps each per rate (A B B A), and the verdict
     * is the median of the paired p99 differences (lib/interleaved-latency.ts).
     */
    'interleave-steps': { type: 'string', default: '0' },
    'step-seconds': { type: 'string', default: '10' },
    /** Engine settings for this checkout's engine, e.g. ORDER_IDLE_MS=0,MAX_BUFFERED_PER_PARTITION=500. */
    'engine-env': { type: 'string', default: '' },
    /** Node/V8 flags for this checkout's engine only, e.g. "--single-threaded-gc" (A/B of a flag). */
    'engine-node-args': { type: 'string', default: '' },
  },
});
const COMPARE_REF = args['compare-ref'];
const STALL_EVENTS = Number(args['stall-events']);
const ENGINE_ENV: Record<string, string> = Object.fromEntries(
  args['engine-env']
    .split(',')
    .filter((pair) => pair.includes('='))
    .map((pair) => pair.split('=') as [string, string]),
);
const ENGINE_NODE_ARGS = args['engine-node-args'].split(' ').filter(Boolean);
const N = Number(args.events);
const ROUNDS = Number(args.rounds);
const LATENCY_MS = Number(args['latency-seconds']) * 1_000;
const FRACTIONS = args.fractions.split(',').map(Number);
const SOAK_MINUTES = Number(args['soak-minutes']);
const INTERLEAVE_STEPS = Number(args['interleave-steps']);
const STEP_MS = Number(args['step-seconds']) * 1_000;
/** What event-time ordering may cost in p99 against the engine before it (ms, at 25 % and 50 % of max). */
const ORDERING_P99_LIMIT_MS = 10;
// Events each interleaved engine decides before its first step: a backlog read at full speed
// (JIT, connections, Redis scripts loaded), like the latency phase's engine after its rounds.
const INTERLEAVE_WARM_EVENTS = 5_000;
if (INTERLEAVE_STEPS > 0 && COMPARE_REF === '')
  throw new Error('--interleave-steps compares two engines: it needs --compare-ref');
// The engine's defaults except partitions: 3 per input topic, up to 12 partitions in flight, 500 per slice.
const TUNING = { partitions: 3, partitionsConcurrency: 12, maxBatchRecords: 500 };
const RUN_TIMEOUT_MS = 240_000;

const RULES_FILE = join(REPO_ROOT, 'services/risk-engine/config/rules.default.yaml');
const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
// Captured before the run: the load average is the one the run started under.
const machine = machineMarkdown();
const memory: { when: string; rss: number }[] = [];

const fx = await createKafkaFixture(
  ['transactions', 'logins', 'account-changes', 'decisions', 'commands', 'feedback'],
  { partitions: TUNING.partitions, withDlq: true },
);
const topics = {
  transactions: fx.topics.transactions!,
  logins: fx.topics.logins!,
  accountChanges: fx.topics['account-changes']!,
  decisions: fx.topics.decisions!,
  commands: fx.topics.commands!,
  feedback: fx.topics.feedback!,
};
const byKind: TopicsByKind = {
  transaction: topics.transactions,
  login: topics.logins,
  account_change: topics.accountChanges,
};
const inputTopics = {
  transactions: topics.transactions,
  logins: topics.logins,
  accountChanges: topics.accountChanges,
};
const ruleSet = await loadRuleSetFile(RULES_FILE);
const mix = createEventMix({
  seed: 20261124,
  accounts: Number(args.accounts),
  idPrefix: uniqueName('b'),
});
const producer = fx.kafka.producer({ idempotent: true });

const runs: Run[] = [];
let stall: Awaited<ReturnType<typeof measureStall>> | undefined;
const redisProbe = await createRedisFixture();

/**
 * Events/s from the first output batch being visible to the N-th (group join excluded); CPU of
 * the subject's own process and of redis-server over the same span.
 */
async function measure(
  name: string,
  round: number,
  outputTopic: string,
  start: () => Promise<SubjectProcess>,
  after: (subject: SubjectProcess) => Promise<void> = (subject) => subject.stop(),
) {
  const watcher = await watchOutputs(fx.kafka, outputTopic);
  const redis0 = await redisCpuSeconds(redisProbe.redis);
  const subject = await start();
  // The subject's start-up (imports, connections) is not part of the per-event cost.
  const cpu0 = subject.cpuSeconds();
  try {
    await watcher.until(N, RUN_TIMEOUT_MS);
    const subjectCpuMs = ((subject.cpuSeconds() - cpu0) * 1_000) / N;
    const redisCpuMs = (((await redisCpuSeconds(redisProbe.redis)) - redis0) * 1_000) / N;
    const { firstAt, firstCount, lastAt } = watcher.stats();
    const run: Run = {
      name,
      round,
      events: N - firstCount,
      seconds: (lastAt - firstAt) / 1_000,
      duplicates: watcher.duplicates,
      nodeCpuMs: subjectCpuMs,
      redisCpuMs,
    };
    runs.push(run);
    log(
      `${name} round ${round}: ${fmt.int(ratePerSecond(run.events, run.seconds * 1_000))} events/s (${run.events} in ${run.seconds.toFixed(2)} s, duplicates ${run.duplicates}, CPU ms/event subject ${run.nodeCpuMs.toFixed(3)} redis ${run.redisCpuMs.toFixed(3)})`,
    );
    memory.push({ when: `${name}, round ${round}, after the run`, rss: subject.rssBytes() });
  } catch (error) {
    await subject.stop().catch(() => undefined);
    throw error;
  } finally {
    await watcher.stop();
  }
  await after(subject);
}

const passThrough = (mode: PassThroughMode, outputTopic: string, topicsIn = inputTopics) =>
  spawnSubject({
    kind: 'pass-through',
    mode,
    brokers: fx.brokers,
    groupId: uniqueName(`bench-pass-${mode}`),
    transactionalIdPrefix: uniqueName('bench-pass-tx'),
    topics: topicsIn,
    outputTopic,
    partitionsConcurrency: TUNING.partitionsConcurrency,
    maxBatchRecords: TUNING.maxBatchRecords,
  });

/** The risk engine as a subject: this checkout's, or the baseline's (--compare-ref). */
const engineSubject = async (
  options: {
    groupId: string;
    decisions: string;
    redis: RedisFixture;
    env?: Record<string, string>;
    /** Input topics of its own (the interleaved A/B); default the run's shared ones. */
    inputs?: typeof inputTopics;
  },
  root?: string,
) =>
  spawnSubject(
    {
      kind: 'engine',
      brokers: fx.brokers,
      groupId: options.groupId,
      transactionalIdPrefix: uniqueName('bench-engine-tx'),
      topics: { ...topics, ...options.inputs, decisions: options.decisions },
      partitions: TUNING.partitions,
      redisUrl: options.redis.url,
      redisKeyPrefix: options.redis.keyPrefix,
      rulesFile:
        root === undefined
          ? RULES_FILE
          : join(root, 'services/risk-engine/config/rules.default.yaml'),
      env: root === undefined ? { ...ENGINE_ENV, ...options.env } : (options.env ?? {}),
      partitionsConcurrency: TUNING.partitionsConcurrency,
      maxBatchRecords: TUNING.maxBatchRecords,
    },
    root === undefined ? { nodeArgs: ENGINE_NODE_ARGS } : { root },
  );

const rate = (name: string) => rateOf(runs, name);

const batchStages = async (subject: SubjectProcess) => batchStagesOf(await subject.metrics());

/** Three fresh input topics `<tag>-…`, by event kind (producers) and as subjects name them. */
async function freshInputTopics(
  tag: string,
): Promise<{ byKind: TopicsByKind; inputs: typeof inputTopics }> {
  const fresh: TopicsByKind = {
    transaction: await fx.createTopic(`${tag}-transactions`, TUNING.partitions),
    login: await fx.createTopic(`${tag}-logins`, TUNING.partitions),
    account_change: await fx.createTopic(`${tag}-account-changes`, TUNING.partitions),
  };
  return {
    byKind: fresh,
    inputs: {
      transactions: fresh.transaction,
      logins: fresh.login,
      accountChanges: fresh.account_change,
    },
  };
}

/**
 * The baseline (A) and this checkout's engine (B) warm side by side, each on input topics,
 * decisions topic and Redis prefix of its own, fed in turn at each rate: the same stretch of the
 * box's hour for both (see lib/interleaved-latency.ts). Returns the report's section.
 */
async function interleavedPhase(
  baselineRoot: string,
  engineRate: number,
  next: () => GeneratedEvent,
): Promise<string> {
  const warm = Array.from({ length: INTERLEAVE_WARM_EVENTS }, next);
  const started: { subject: InterleavedSubject; process?: SubjectProcess; redis: RedisFixture }[] =
    [];
  try {
    for (const [name, root] of [
      [`at ${COMPARE_REF}`, baselineRoot],
      ['this checkout', undefined],
    ] as const) {
      const tag = root === undefined ? 'ab-this' : 'ab-base';
      const { byKind: kinds, inputs } = await freshInputTopics(tag);
      const decisions = await fx.createTopic(`${tag}-decisions`, TUNING.partitions);
      const entry = {
        subject: { name, topics: kinds, watcher: await watchOutputs(fx.kafka, decisions) },
        redis: await createRedisFixture(),
        process: undefined as SubjectProcess | undefined,
      };
      started.push(entry);
      entry.process = await engineSubject(
        { groupId: uniqueName(`bench-${tag}`), decisions, redis: entry.redis, inputs },
        root,
      );
      await preload(producer, kinds, warm.length, (i) => warm[i]!);
      await entry.subject.watcher.until(warm.length, RUN_TIMEOUT_MS);
      log(`interleaved: ${name} warm (${fmt.int(warm.length)} events decided)`);
    }
    const [a, b] = started.map((s) => s.subject) as [InterleavedSubject, InterleavedSubject];
    // One unmeasured live step each first: the first live steps after a backlog ran 100-200 ms
    // slower in p99 for both engines (the live path's first batches, the output reader).
    for (const subject of [a, b]) {
      const r = await measureLatency({
        producer,
        topics: subject.topics,
        watcher: subject.watcher,
        perSecond: Math.max(1, Math.round(engineRate * FRACTIONS[0]!)),
        durationMs: STEP_MS,
        next,
      });
      log(`interleaved: ${subject.name} warm-up step, p99 ${fmt.ms(r.latency.p99)} (not counted)`);
    }
    const stagesBefore = await Promise.all(started.map((s) => batchStages(s.process!)));
    const rates = [];
    for (const fraction of FRACTIONS) {
      const perSecond = Math.max(1, Math.round(engineRate * fraction));
      log(
        `interleaved: ${perSecond}/s (${fraction * 100}% of max), ${INTERLEAVE_STEPS} steps of ${STEP_MS / 1_000} s each, A B B A`,
      );
      rates.push({
        label: `${fraction * 100}% of engine max`,
        perSecond,
        steps: await measureInterleaved({
          subjects: [a, b],
          steps: INTERLEAVE_STEPS,
          stepMs: STEP_MS,
          perSecond,
          producer,
          next,
          log,
        }),
      });
    }
    const stagesAfter = await Promise.all(started.map((s) => batchStages(s.process!)));
    return `${renderInterleaved({
      names: [a.name, b.name],
      stepSeconds: STEP_MS / 1_000,
      rates,
      limitMs: ORDERING_P99_LIMIT_MS,
    })}

${renderStages(
  [a.name, b.name],
  stagesAfter.map((after, i) => stagesSince(stagesBefore[i]!, after)),
)}`;
  } finally {
    for (const s of started) {
      await s.process?.stop();
      await s.subject.watcher.stop();
      await s.redis.cleanup();
    }
  }
}
let engineDuplicates: number | undefined;
const rows: {
  latency: string[][];
  anatomy: string[][];
  soak: string[][];
  redis: string;
  diagnostics: string[][];
  interleaved: string | undefined;
} = {
  latency: [],
  anatomy: [],
  soak: [],
  redis: 'n/a',
  diagnostics: [],
  interleaved: undefined,
};
try {
  await producer.connect();
  // Pre-loaded events happened over the last hours (event time drives every rule window), not
  // all in the second it takes to write them; live events during the latency phase use now.
  const historyMs = Number(args['history-hours']) * 3_600_000;
  const historyStart = Date.now() - historyMs;
  const loaded = await preload(producer, byKind, N, (i) =>
    mix.next(historyStart + (i * historyMs) / N),
  );
  log(`pre-loaded ${N} events in ${loaded.seconds.toFixed(1)} s`);

  let engineRunning: { subject: SubjectProcess; redis: RedisFixture } | undefined;
  const baselineRoot = COMPARE_REF === '' ? undefined : await baselineCheckout(COMPARE_REF, log);
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const mode of ['plain', 'transactional', 'ordered'] as PassThroughMode[]) {
      const out = await fx.createTopic(`passthrough-${mode}`, TUNING.partitions);
      await measure(`pass-through (${mode})`, round, out, () => passThrough(mode, out));
    }
    const measureBaseline = async (root: string) => {
      const out = await fx.createTopic('decisions-baseline', TUNING.partitions);
      const baseRedis = await createRedisFixture();
      await measure('risk engine (baseline)', round, out, () =>
        engineSubject(
          { groupId: uniqueName('bench-baseline'), decisions: out, redis: baseRedis },
          root,
        ),
      );
      await baseRedis.cleanup();
    };
    const last = round === ROUNDS;
    // The two engines take turns at going first, so the box's drift within a round does not
    // always fall on the same one; the last round's engine, kept running for the latency phase,
    // goes after the baseline (not beside it while it is measured).
    const baselineFirst = last || round % 2 === 0;
    if (baselineRoot !== undefined && baselineFirst) await measureBaseline(baselineRoot);
    const decisions = await fx.createTopic('decisions', TUNING.partitions);
    // A fresh Redis prefix per round: every round starts from the same (empty) state.
    const redis = await createRedisFixture();
    const groupId = uniqueName('bench-engine');
    await measure(
      'risk engine',
      round,
      decisions,
      () => engineSubject({ groupId, decisions, redis }),
      async (engine) => {
        const d = engineDiagnostics(await engine.metrics());
        rows.redis = `${(d.redisRoundTrips / N).toFixed(4)} (${fmt.int(d.redisRoundTrips)} round trips / ${fmt.int(N)} events; cases raised ${fmt.int(d.casesRaised)})`;
        log(`redis round trips per event: ${rows.redis}`);
        rows.diagnostics = [
          [
            'decisions by outcome',
            Object.entries(d.outcomes)
              .map(([o, n]) => `${o} ${fmt.int(n)}`)
              .join(', '),
          ],
          [
            'top enforced rule hits',
            d.topRules.map((r) => `${r.rule} ${fmt.int(r.hits)}`).join(', '),
          ],
          [
            'scored batches (mean events per batch)',
            `${fmt.int(d.scoringBatches)} (${(N / d.scoringBatches).toFixed(1)})`,
          ],
          ['mean scoring time per batch (Redis + rules)', fmt.ms(d.meanScoringMs)],
          ['mean feature-store Redis call', fmt.ms(d.meanRedisMs)],
        ];
        log(`diagnostics: ${JSON.stringify(rows.diagnostics)}`);
        // The last engine stays up for the latency phase (on its own decisions topic).
        if (last) engineRunning = { subject: engine, redis };
        else {
          await engine.stop();
          await redis.cleanup();
        }
      },
    );
    if (last) topics.decisions = decisions;
    if (baselineRoot !== undefined && !baselineFirst) await measureBaseline(baselineRoot);
  }

  const engineRate = args['max-rate'] ? Number(args['max-rate']) : rate('risk engine');
  const latencyRow = (subject: string, fraction: number, r: LatencyResult) => {
    log(
      `  ${subject} at ${r.perSecond}/s: p50 ${fmt.ms(r.latency.p50)} p95 ${fmt.ms(r.latency.p95)} p99 ${fmt.ms(r.latency.p99)} missing ${r.missing}, event-loop delay p99 ${fmt.ms(r.eventLoopDelayP99Ms)}`,
    );
    rows.latency.push([
      subject,
      `${fraction * 100}% of engine max`,
      fmt.int(r.perSecond),
      fmt.int(r.achievedPerSecond),
      fmt.int(r.events),
      fmt.int(r.missing),
      ...latencyCells(r.latency),
      fmt.ms(r.eventLoopDelayP99Ms),
    ]);
  };
  let liveEvents = 0;
  const live = () => {
    liveEvents += 1;
    return mix.next(Date.now());
  };
  /** measureLatency, plus where the subject says the time went (its metrics before and after). */
  const measureWithAnatomy = async (
    subject: string,
    fraction: number,
    subjectProcess: SubjectProcess | undefined,
    options: Parameters<typeof measureLatency>[0],
  ) => {
    const before = (await subjectProcess?.metrics()) ?? [];
    const result = await measureLatency(options);
    const a = latencyAnatomy(before, (await subjectProcess?.metrics()) ?? []);
    rows.anatomy.push([
      subject,
      `${fraction * 100}% of engine max`,
      Number.isFinite(a.recordsPerBatch) ? a.recordsPerBatch.toFixed(1) : 'n/a',
      fmt.ms(a.deliveryMs),
      fmt.ms(a.batchMs),
      Number.isFinite(a.bufferedToCommitMs) ? fmt.ms(a.bufferedToCommitMs) : 'n/a',
      fmt.ms(a.prepareMs),
      fmt.ms(a.scoringMs),
      fmt.ms(a.effectsMs),
      fmt.ms(a.publishMs),
      fmt.ms(result.latency.p50),
    ]);
    return result;
  };

  // The engine of the last round is warm and idle: feed it at fixed fractions of its max.
  const watcher = await watchOutputs(fx.kafka, topics.decisions);
  await watcher.until(N, RUN_TIMEOUT_MS);
  try {
    for (const fraction of INTERLEAVE_STEPS > 0 ? [] : FRACTIONS) {
      const perSecond = Math.max(1, Math.round(engineRate * fraction));
      log(
        `latency: risk engine at ${fraction * 100}% of max = ${perSecond}/s for ${LATENCY_MS / 1_000} s`,
      );
      latencyRow(
        'risk engine',
        fraction,
        await measureWithAnatomy('risk engine', fraction, engineRunning?.subject, {
          producer,
          topics: byKind,
          watcher,
          perSecond,
          durationMs: LATENCY_MS,
          next: live,
        }),
      );
      if (engineRunning)
        memory.push({
          when: `risk engine after latency at ${fraction * 100}%`,
          rss: engineRunning.subject.rssBytes(),
        });
    }
    const soakPerSecond = Math.max(1, Math.round(engineRate * 0.5));
    for (let minute = 1; minute <= SOAK_MINUTES; minute += 1) {
      const r = await measureLatency({
        producer,
        topics: byKind,
        watcher,
        perSecond: soakPerSecond,
        durationMs: 60_000,
        next: live,
      });
      const rssBytes = engineRunning?.subject.rssBytes() ?? Number.NaN;
      log(
        `soak minute ${minute}: ${soakPerSecond}/s p50 ${fmt.ms(r.latency.p50)} p99 ${fmt.ms(r.latency.p99)} missing ${r.missing}, engine RSS ${fmt.mib(rssBytes)}, harness event-loop delay p99 ${fmt.ms(r.eventLoopDelayP99Ms)}`,
      );
      rows.soak.push([
        String(minute),
        fmt.int(r.achievedPerSecond),
        fmt.int(r.missing),
        fmt.ms(r.latency.p50),
        fmt.ms(r.latency.p99),
        fmt.mib(rssBytes),
        fmt.ms(r.eventLoopDelayP99Ms),
      ]);
    }
    log(`duplicate decisions over the whole engine run: ${watcher.duplicates}`);
    engineDuplicates = watcher.duplicates;
  } finally {
    await watcher.stop();
    await engineRunning?.subject.stop();
    await engineRunning?.redis.cleanup();
  }

  if (baselineRoot !== undefined && INTERLEAVE_STEPS > 0)
    rows.interleaved = await interleavedPhase(baselineRoot, engineRate, live);

  // The baseline engine at the same rates, after reading the same backlog (warm like this one).
  if (baselineRoot !== undefined && INTERLEAVE_STEPS === 0) {
    const out = await fx.createTopic('lat-baseline', TUNING.partitions);
    const baseRedis = await createRedisFixture();
    const baseWatcher = await watchOutputs(fx.kafka, out);
    const base = await engineSubject(
      { groupId: uniqueName('bench-baseline-lat'), decisions: out, redis: baseRedis },
      baselineRoot,
    );
    try {
      // The same backlog as this engine read: the pre-load plus its latency phase's live events.
      await baseWatcher.until(N + liveEvents, RUN_TIMEOUT_MS);
      for (const fraction of FRACTIONS) {
        const perSecond = Math.max(1, Math.round(engineRate * fraction));
        log(`latency: risk engine at ${COMPARE_REF} at ${perSecond}/s for ${LATENCY_MS / 1_000} s`);
        latencyRow(
          `risk engine at ${COMPARE_REF}`,
          fraction,
          await measureWithAnatomy(`risk engine at ${COMPARE_REF}`, fraction, base, {
            producer,
            topics: byKind,
            watcher: baseWatcher,
            perSecond,
            durationMs: LATENCY_MS,
            next: live,
          }),
        );
      }
    } finally {
      await base.stop();
      await baseWatcher.stop();
      await baseRedis.cleanup();
    }
  }

  // Same rates through the pass-throughs (fresh input topics, warmed up first): the latency
  // floor of consume → Kafka transaction → read_committed without scoring, per partition and
  // merged by event time with a transaction per batch (the engine's own way of reading).
  for (const mode of ['transactional', 'ordered'] as PassThroughMode[]) {
    const { byKind: passTopics, inputs: passInputs } = await freshInputTopics(`lat-${mode}`);
    const passOut = await fx.createTopic(`lat-${mode}-out`, TUNING.partitions);
    const passWatcher = await watchOutputs(fx.kafka, passOut);
    const pass = await passThrough(mode, passOut, passInputs);
    try {
      await preload(producer, passTopics, 500, live);
      await passWatcher.until(500, RUN_TIMEOUT_MS);
      for (const fraction of FRACTIONS) {
        const perSecond = Math.max(1, Math.round(engineRate * fraction));
        log(`latency: ${mode} pass-through at ${perSecond}/s for ${LATENCY_MS / 1_000} s`);
        latencyRow(
          `pass-through (${mode})`,
          fraction,
          await measureWithAnatomy(`pass-through (${mode})`, fraction, pass, {
            producer,
            topics: passTopics,
            watcher: passWatcher,
            perSecond,
            durationMs: LATENCY_MS,
            next: live,
          }),
        );
      }
    } finally {
      await pass.stop();
      await passWatcher.stop();
    }
  }

  if (STALL_EVENTS > 0) {
    const { byKind: stallTopics, inputs: stallInputs } = await freshInputTopics('stall');
    const out = await fx.createTopic('stall-decisions', TUNING.partitions);
    const stallRedis = await createRedisFixture();
    stall = await measureStall({
      producer,
      kafka: fx.kafka,
      topics: stallTopics,
      output: out,
      backlog: STALL_EVENTS,
      livePerSecond: Math.max(1, Math.round(engineRate * 0.25)),
      mix,
      log,
      start: () =>
        spawnSubject({
          kind: 'engine',
          brokers: fx.brokers,
          groupId: uniqueName('bench-stall'),
          transactionalIdPrefix: uniqueName('bench-stall-tx'),
          topics: {
            ...stallInputs,
            decisions: out,
            commands: topics.commands,
            feedback: topics.feedback,
          },
          partitions: TUNING.partitions,
          redisUrl: stallRedis.url,
          redisKeyPrefix: stallRedis.keyPrefix,
          rulesFile: RULES_FILE,
          partitionsConcurrency: TUNING.partitionsConcurrency,
          maxBatchRecords: TUNING.maxBatchRecords,
        }),
    });
    memory.push({ when: 'risk engine, one topic far behind (max)', rss: stall.maxRssBytes });
    await stallRedis.cleanup();
  }
} finally {
  await producer.disconnect();
  await redisProbe.cleanup();
  await fx.cleanup();
}

const report = renderRiskEngineReport({
  machine,
  events: N,
  accounts: Number(args.accounts),
  historyHours: args['history-hours'],
  tuning: TUNING,
  ruleCount: ruleSet.rules.length,
  runs,
  redis: rows.redis,
  diagnostics: rows.diagnostics,
  latency: rows.latency,
  anatomy: rows.anatomy,
  soak: rows.soak,
  latencySeconds: LATENCY_MS / 1_000,
  engineDuplicates,
  memory,
  baseline: COMPARE_REF === '' ? undefined : COMPARE_REF,
  interleaved: rows.interleaved,
  stall: stall ?? { rows: [], summary: '', maxRssBytes: 0 },
});
console.log(`\n${report}`);
mkdirSync(join(REPO_ROOT, 'test/bench/results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'test/bench/results/risk-engine.md'), report);
// kafkajs and ioredis leave timers behind; the results are written, so leave now.
process.exit(0);
