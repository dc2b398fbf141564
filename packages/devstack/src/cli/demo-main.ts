import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEventProducer, createKafkaClient } from '@vigil/kafka';
import { createLogger, createMetricsRegistry } from '@vigil/observability';
import {
  collect,
  computeDetectionReport,
  createKafkaSink,
  createLabelSink,
  createResendingSink,
  generateTraffic,
  groundTruth,
  readJsonl,
  renderMarkdown,
  runSimulation,
  teeSinks,
  type RecordSink,
  type ResendingSink,
} from '@vigil/simulator';
import { TOPICS } from '@vigil/events';
import { infraUrls } from '@vigil/testing';
import { consoleLines } from '../demo/console-lines.ts';
import { countCases } from '../demo/count-cases.ts';
import { DEMO_USAGE, parseDemoArgs, replayRate, type DemoArgs } from '../demo/demo-args.ts';
import { demoContacts, recipientAccount } from '../demo/demo-contacts.ts';
import {
  allTopics,
  createDemoTopics,
  demoResources,
  removeDemoResources,
} from '../demo/demo-resources.ts';
import { formatSummary } from '../demo/live-summary.ts';
import { startPipelineTally, type PipelineTally } from '../demo/pipeline-tally.ts';
import { sampleVerificationLinks } from '../demo/sample-links.ts';
import { whereNext } from '../demo/where-next.ts';
import { startLocalSinks } from '../sinks/local-sinks.ts';
import { seedContactPreferences } from '../stack/contact-preferences.ts';
import { topicList } from '../stack/stack-plan.ts';
import { REPO_ROOT, startStack, type RunningStack } from '../stack/start-stack.ts';

const print = (line = '') => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts records as they go to Kafka, for the live summary. */
function counting(sink: RecordSink, onWrite: () => void): RecordSink {
  return { ...sink, write: async (record) => (await sink.write(record), onWrite()) };
}

/** Waits until every produced event has a decision, the pipeline stops moving, or Ctrl-C. */
async function awaitDecisions(
  tally: PipelineTally,
  produced: number,
  signal: AbortSignal,
): Promise<void> {
  let last = -1;
  let still = Date.now();
  const deadline = Date.now() + 120_000;
  while (!signal.aborted && Date.now() < deadline) {
    const decided = tally.snapshot().decidedEvents;
    if (decided >= produced) return;
    if (decided !== last) [last, still] = [decided, Date.now()];
    if (Date.now() - still > 20_000) return;
    await sleep(250);
  }
}

/** Waits (up to 10 s) until `read` has not changed for 2 s: the notifier's last dispatches. */
async function settle(read: () => string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = read();
  let since = Date.now();
  while (!signal.aborted && Date.now() < deadline && Date.now() - since < 2_000) {
    await sleep(200);
    const now = read();
    if (now !== last) [last, since] = [now, Date.now()];
  }
}

/**
 * The demo: real services on the local infrastructure, simulated traffic through them, a live
 * summary, the detection report, then pointers. Returns the process exit code.
 */
export async function runDemo(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseDemoArgs(argv, env);
  if (parsed === 'help') {
    print(DEMO_USAGE);
    return 0;
  }
  const args: DemoArgs = parsed;
  const controller = new AbortController();
  let firstSignalAt: number | undefined;
  const onSignal = () => {
    // A wrapper may relay the terminal's SIGINT a second time: only a later Ctrl-C forces.
    if (firstSignalAt !== undefined && Date.now() - firstSignalAt < 1_000) return;
    if (firstSignalAt !== undefined) process.exit(130); // the exit hook SIGKILLs the services
    firstSignalAt = Date.now();
    print('\nstopping… (Ctrl-C again to force)');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const urls = infraUrls(env);
  // The demo's own Kafka client only talks to the local broker; its warnings are noise on the terminal.
  const logger = createLogger({ service: 'vigil-demo', level: 'error' });
  const kafka = createKafkaClient({ clientId: 'vigil-demo', brokers: urls.kafkaBrokers, logger });
  const resources = demoResources(runId);
  const logDir = join(REPO_ROOT, '.local', 'devstack', runId);
  mkdirSync(logDir, { recursive: true });
  const labelsFile = join(logDir, 'labels.jsonl');

  print(
    `Vigil demo ${runId}: Kafka ${urls.kafkaBrokers.join(',')}, Redis ${urls.redisUrl}, PostgreSQL ${urls.databaseUrl}`,
  );
  await createDemoTopics(kafka, resources, 3);
  const sinks = await startLocalSinks();
  let stack: RunningStack | undefined;
  let tally: PipelineTally | undefined;
  const producer = createEventProducer({
    kafka,
    registry: createMetricsRegistry('vigil-demo'),
    logger,
  });
  let exitCode = 0;
  try {
    const traffic = {
      accounts: args.accounts,
      duration: args.duration,
      warmup: args.warmup,
      seed: args.seed,
      runId: `demo-${runId}`,
      start: Date.now() - args.duration,
    };
    const planned = [...generateTraffic(traffic).records];
    const accountIds = new Set(planned.map((p) => p.record.event.accountId));
    const rate = replayRate(planned.length, args);
    print(
      `traffic: ${planned.length} events for ${accountIds.size} accounts (every attack scenario), replayed at ${rate}/s`,
    );

    print('starting case-service, risk-engine, notifier and the agent console…');
    stack = await startStack({
      runId,
      logDir,
      kafkaBrokers: urls.kafkaBrokers,
      topics: resources.topics,
      redisUrl: urls.redisUrl,
      redisKeyPrefix: resources.redisKeyPrefix,
      databaseUrl: urls.databaseUrl,
      caseSchema: resources.caseSchema,
      notifierSchema: resources.notifierSchema,
      sinks,
      logLevel: args.logLevel,
      console: true,
    });
    const contacts = demoContacts(accountIds);
    const seeded = await seedContactPreferences({
      databaseUrl: urls.databaseUrl,
      schema: resources.notifierSchema,
      contacts,
    });
    print(
      `ready; ${seeded} customers' contact preferences seeded (en / ja-JP / zh-CN, email + SMS)`,
    );
    if (stack.console) print(consoleLines(stack).join('\n'));

    tally = await startPipelineTally(kafka, {
      decisions: resources.topics.decisions,
      accountCommands: resources.topics.accountCommands,
      deadLetters: allTopics(resources).filter((t) => t.endsWith('.dlq')),
    });
    const agent = stack.casesClient('agent');
    await producer.connect();
    let produced = 0;
    let upstream: ResendingSink | undefined;
    const startedAt = Date.now();
    const summary = async () => {
      const cases = await countCases(agent).catch(() => undefined);
      print(
        formatSummary({
          elapsedMs: Date.now() - startedAt,
          produced,
          planned: planned.length,
          resent: upstream?.resent(),
          tally: tally!.snapshot(),
          cases,
          notices: sinks.countsByChannel(),
        }),
      );
    };
    const ticker = setInterval(() => void summary(), 2_000);
    try {
      const kafkaSink = createKafkaSink({
        producer,
        topics: {
          [TOPICS.transactions]: resources.topics.transactions,
          [TOPICS.logins]: resources.topics.logins,
          [TOPICS.accountChanges]: resources.topics.accountChanges,
        },
        batchSize: 50,
      });
      // At-least-once upstream: a share of events reaches Kafka twice; `produced` counts distinct ones.
      upstream = createResendingSink(kafkaSink, { rate: args.resendRate, seed: args.seed });
      await runSimulation(
        { ...traffic, mode: 'replay', rate, signal: controller.signal },
        teeSinks([counting(upstream, () => (produced += 1)), createLabelSink(labelsFile)]),
      );
      await awaitDecisions(tally, produced, controller.signal);
      await settle(() => JSON.stringify(sinks.countsByChannel()), controller.signal);
    } finally {
      clearInterval(ticker);
    }
    await summary();

    if (!controller.signal.aborted) {
      print('\nDetection report (labels side file + the decisions read back from Kafka)\n');
      const labels = await collect(readJsonl(labelsFile, groundTruth));
      // The tally read every decision already (read_committed). The simulator's
      // readDecisionsFromKafka would wait for end offsets that, on this transactionally written
      // topic, sit one past the last record (the commit marker), so it times out after 2 min.
      const decisions = tally.decisions();
      print(renderMarkdown(computeDetectionReport(labels, decisions)));
      const messages = sinks.messages();
      const samples = sampleVerificationLinks(messages);
      print(
        whereNext(stack, {
          labelsFile,
          topics: topicList(resources.topics),
          inputTopics: resources.topics,
          period: {
            from: traffic.start,
            to: traffic.start + args.duration,
            warmupMs: args.warmup,
          },
          captureUrl: sinks.capture.url,
          samples,
          noticed: recipientAccount(contacts, samples[0]?.to ?? messages[0]?.to),
        }).join('\n'),
      );
      print(consoleLines(stack).join('\n'));
    }
    if (!args.exit && !controller.signal.aborted) {
      print('\nThe stack keeps running; Ctrl-C stops it (add --exit to end after the report).');
      await new Promise((resolve) =>
        controller.signal.addEventListener('abort', resolve, { once: true }),
      );
    }
  } catch (error) {
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  } finally {
    await tally?.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    if (stack !== undefined) {
      try {
        const exits = await stack.stop();
        print(
          `services stopped: ${Object.entries(exits)
            .map(([name, exit]) => `${name} exit ${String(exit.code)}`)
            .join(', ')}`,
        );
      } catch (error) {
        console.error(error instanceof Error ? error.message : String(error));
        exitCode = 1;
      }
    }
    await sinks.close();
    if (args.keep)
      print(
        `kept topics vigil-demo-${runId}.*, schemas ${resources.caseSchema}/${resources.notifierSchema}, Redis keys ${resources.redisKeyPrefix}*; logs in ${logDir}`,
      );
    else {
      await removeDemoResources(resources, {
        kafka,
        databaseUrl: urls.databaseUrl,
        redisUrl: urls.redisUrl,
      }).catch((error: unknown) =>
        console.error(
          `cleanup incomplete: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
      print(
        `removed the run's topics, consumer groups, schemas and Redis keys (--keep keeps them); logs stay in ${logDir}`,
      );
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return exitCode;
}
