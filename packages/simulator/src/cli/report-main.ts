import { randomBytes } from 'node:crypto';
import { riskDecision, type RiskDecision } from '@vigil/events';
import { createKafkaClient } from '@vigil/kafka';
import { createLogger } from '@vigil/observability';
import { collect, readJsonl } from '../adapters/jsonl-reader.ts';
import { readDecisionsFromKafka } from '../adapters/kafka-decision-reader.ts';
import { computeDetectionReport } from '../domain/detection/detection-report.ts';
import { renderMarkdown } from '../domain/detection/render-markdown.ts';
import { groundTruth } from '../domain/ground-truth.ts';
import { amountRuleIds, loadRuleSet } from '../offline/score-in-memory.ts';
import { parseReportArgs, REPORT_USAGE, type ReportArgs } from './report-args.ts';

/** Composition root of vigil-detection-report: labels + decisions → markdown (or JSON) on stdout. */
async function main(): Promise<number> {
  const args = parseReportArgs(process.argv.slice(2), process.env);
  if (args === 'help') {
    console.log(REPORT_USAGE);
    return 0;
  }
  const labels = await collect(readJsonl(args.labels, groundTruth));
  const decisions = await loadDecisions(args);
  const report = computeDetectionReport(
    labels,
    decisions,
    args.rules === undefined ? {} : { amountRules: amountRuleIds(loadRuleSet(args.rules)) },
  );
  console.log(args.json ? JSON.stringify(report, null, 2) : renderMarkdown(report));
  return 0;
}

async function loadDecisions(args: ReportArgs): Promise<RiskDecision[]> {
  if (args.decisions !== undefined) return collect(readJsonl(args.decisions, riskDecision));
  const logger = createLogger({
    service: 'vigil-detection-report',
    level: process.env.LOG_LEVEL ?? 'error',
  });
  const kafka = createKafkaClient({
    clientId: 'vigil-detection-report',
    brokers: args.brokers,
    logger,
  });
  let invalid = 0;
  const { decisions, caughtUp } = await readDecisionsFromKafka({
    kafka,
    topic: args.topic,
    groupId: `vigil-detection-report-${randomBytes(4).toString('hex')}`,
    idleMs: args.idleMs,
    onInvalid: () => invalid++,
  });
  console.error(
    `read ${decisions.length} decisions from ${args.topic}${invalid > 0 ? ` (${invalid} invalid skipped)` : ''}${caughtUp ? '' : ' — timed out before reaching the end offsets'}`,
  );
  return decisions;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `vigil-detection-report: ${error.message}` : error);
    process.exitCode = 1;
  },
);
