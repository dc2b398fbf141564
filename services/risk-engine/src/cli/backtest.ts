import { readFile, writeFile } from 'node:fs/promises';
import { TOPICS } from '@vigil/events';
import { createKafkaClient } from '@vigil/kafka';
import pino from 'pino';
import { createLogger } from '@vigil/observability';
import { readArchive, writeArchive } from '../adapters/jsonl-backtest-archive.ts';
import { readHistory } from '../adapters/kafka-history-reader.ts';
import { loadRuleSetFile } from '../adapters/rule-set-file.ts';
import { parseLabels } from '../backtest/labels.ts';
import { renderBacktest } from '../backtest/render-backtest.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import type { RecordedEvent } from '../backtest/recorded-event.ts';
import { DEFAULT_RULES_FILE } from '../env.ts';
import { backtestPeriod } from './backtest-period.ts';
import { BACKTEST_USAGE, parseBacktestArgs, type BacktestArgs } from './backtest-args.ts';

async function loadHistory(args: BacktestArgs): Promise<RecordedEvent[]> {
  if (args.input) return readArchive(args.input);
  // stdout carries the report: the client's warnings go to stderr.
  const logger = createLogger({
    service: 'vigil-backtest',
    level: 'warn',
    destination: pino.destination({ dest: 2, sync: true }),
  });
  const kafka = createKafkaClient({
    clientId: 'vigil-backtest',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logger,
  });
  const history = await readHistory(kafka, {
    topics: new Map([
      [TOPICS.transactions, process.env.TOPIC_TRANSACTIONS ?? TOPICS.transactions],
      [TOPICS.logins, process.env.TOPIC_LOGINS ?? TOPICS.logins],
      [TOPICS.accountChanges, process.env.TOPIC_ACCOUNT_CHANGES ?? TOPICS.accountChanges],
    ]),
    fromMs: args.from! - args.warmup - args.readSlack,
    toMs: args.to! + args.readSlack,
  });
  if (history.invalid > 0)
    console.error(`skipped ${history.invalid} records that are not valid events`);
  if (history.incomplete.length > 0)
    console.error(
      `stopped short of the end of ${history.incomplete.join(', ')} (open transactions?)`,
    );
  if (args.archive) await writeArchive(args.archive, history.events);
  return history.events;
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseBacktestArgs(argv);
  if (args === 'help') {
    console.log(BACKTEST_USAGE);
    return;
  }
  const [candidate, baseline] = await Promise.all([
    loadRuleSetFile(args.rules),
    loadRuleSetFile(args.baseline ?? process.env.RULES_FILE ?? DEFAULT_RULES_FILE),
  ]);
  const history = await loadHistory(args);
  const { measureFrom, measureTo } = backtestPeriod(history, args);
  const labels = args.labels
    ? parseLabels(await readFile(args.labels, 'utf8'), args.labels)
    : undefined;
  const run = await runBacktest({
    baseline,
    candidate,
    history,
    measureFrom,
    measureTo,
    ...(labels ? { labels } : {}),
    minutesPerCase: args.minutesPerCase,
    maxListed: args.list,
  });
  const text = renderBacktest(run.report, {
    period: `${new Date(measureFrom).toISOString()} – ${new Date(measureTo).toISOString()}`,
    warmup: run.warmup,
    measured: run.measured,
  });
  if (args.out) await writeFile(args.out, text);
  else process.stdout.write(text);
  console.error(
    `replayed ${run.warmup + run.measured} events through both rule sets at ${Math.round(run.eventsPerSecond)} events/s`,
  );
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
