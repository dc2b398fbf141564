import { ZodError } from 'zod';
import { TOPICS } from '@vigil/events';
import { createEventProducer, createKafkaClient, ensureTopics } from '@vigil/kafka';
import { createLogger, createMetricsRegistry } from '@vigil/observability';
import { createFileSink, createLabelSink, teeSinks } from '../adapters/file-sink.ts';
import { createKafkaSink } from '../adapters/kafka-sink.ts';
import { createResendingSink } from '../adapters/resending-sink.ts';
import type { RecordSink } from '../adapters/record-sink.ts';
import { parseDuration } from '../domain/duration.ts';
import { scheduledScenarios } from '../domain/generate-traffic.ts';
import { runSimulation } from '../run-simulation.ts';
import { parseSimulateArgs, SIMULATE_USAGE, type SimulateArgs } from './simulate-args.ts';

/** Composition root of vigil-simulate: parse flags, build the sinks, run, print a summary to stderr. */
async function main(): Promise<number> {
  const args = parseSimulateArgs(process.argv.slice(2), process.env);
  if (args === 'help') {
    console.log(SIMULATE_USAGE);
    return 0;
  }
  const logger = createLogger({ service: 'vigil-simulator', level: process.env.LOG_LEVEL ?? 'error' });
  const built = await buildSink(args, logger);
  const sink = createResendingSink(built.sink, { rate: args.resendRate, seed: args.seed });
  const { close } = built;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const { skipped } = scheduledScenarios(args.scenarios, args.accounts, parseDuration(args.duration));
  for (const s of skipped) console.error(`no ${s.scenario} episodes: it ${s.reason}`);
  try {
    const stats = await runSimulation(
      {
        accounts: args.accounts, duration: args.duration, warmup: args.warmup, seed: args.seed, mode: args.mode,
        scenarios: args.scenarios, chainShare: args.chainShare, delays: args.delays, signal: controller.signal,
        ...(args.rate === undefined ? {} : { rate: args.rate }),
        ...(args.start === undefined ? {} : { start: args.start }),
        ...(args.episodes === undefined ? {} : { episodesPerScenario: args.episodes }),
        ...(args.runId === undefined ? {} : { runId: args.runId }),
      },
      teeSinks([sink, createLabelSink(args.labels)]),
      (s) => console.error(`… ${s.events} events (${Math.round(s.events / (s.elapsedMs / 1000 || 1))}/s)`),
    );
    const perSecond = Math.round(stats.events / Math.max(stats.elapsedMs / 1000, 0.001));
    console.error(
      `sent ${stats.events} events (${stats.attackEvents} attack, ${stats.episodes} episodes) to ${args.out === 'kafka' ? args.brokers.join(',') : args.events} ` +
        `in ${(stats.elapsedMs / 1000).toFixed(1)} s (${perSecond}/s); occurredAt ${stats.firstOccurredAt ?? '—'} → ${stats.lastOccurredAt ?? '—'}; labels in ${args.labels}`,
    );
    console.error(`by topic: ${Object.entries(stats.byTopic).map(([t, n]) => `${t}=${n}`).join(' ')}`);
    const delayed = Object.entries(args.delays).map(([topic, ms]) => `${topic} ${ms / 1000}s`);
    if (delayed.length > 0) console.error(`produced late, in event time: ${delayed.join(', ')}`);
    if (sink.resent() > 0) console.error(`resent ${sink.resent()} events a second time (--resend-rate ${args.resendRate})`);
    return 0;
  } finally {
    await close();
  }
}

async function buildSink(args: SimulateArgs, logger: ReturnType<typeof createLogger>): Promise<{ sink: RecordSink; close: () => Promise<void> }> {
  if (args.out === 'file') return { sink: createFileSink(args.events), close: () => Promise.resolve() };
  const kafka = createKafkaClient({ clientId: 'vigil-simulator', brokers: args.brokers, logger });
  const topics = {
    [TOPICS.transactions]: args.topicTransactions ?? TOPICS.transactions,
    [TOPICS.logins]: args.topicLogins ?? TOPICS.logins,
    [TOPICS.accountChanges]: args.topicAccountChanges ?? TOPICS.accountChanges,
  };
  if (args.createTopics > 0) {
    // Same as the risk engine's CREATE_TOPICS: missing topics (and .dlq twins) are created, existing ones left alone.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, Object.values(topics).map((topic) => ({ topic, partitions: args.createTopics })));
    } finally {
      await admin.disconnect();
    }
  }
  const producer = createEventProducer({ kafka, registry: createMetricsRegistry('vigil-simulator'), logger });
  await producer.connect();
  const sink = createKafkaSink({ producer, topics });
  return { sink, close: () => producer.disconnect() };
}

/** A flag's problem as the user typed the flag: `--chain-share: …`. */
function describeIssue(issue: ZodError['issues'][number]): string {
  const flag = issue.path.map(String).join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return flag === '' || issue.message.startsWith('--') ? issue.message : `--${flag}: ${issue.message}`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ZodError) console.error(`vigil-simulate: ${error.issues.map(describeIssue).join('; ')} (--help for usage)`);
    else console.error(error instanceof Error ? `vigil-simulate: ${error.message}` : error);
    process.exitCode = 1;
  },
);
