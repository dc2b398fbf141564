import { parseArgs } from 'node:util';
import { z } from 'zod';
import { invocationPath } from '@vigil/config';
import { TOPICS } from '@vigil/events';

export const reportArgs = z
  .object({
    labels: z.string().min(1),
    decisions: z.string().min(1).optional(),
    brokers: z
      .array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port'))
      .min(1)
      .default(['127.0.0.1:9092']),
    topic: z.string().min(1).default(TOPICS.decisions),
    idleMs: z.coerce.number().int().positive().default(5_000),
    json: z.boolean().default(false),
    rules: z.string().min(1).optional(),
  })
  .strict();
export type ReportArgs = z.infer<typeof reportArgs>;

export const REPORT_USAGE = `vigil-detection-report --labels labels.jsonl [--decisions decisions.jsonl]
  --labels FILE       ground truth written by vigil-simulate
  --decisions FILE    risk decisions as JSONL; without it, ${TOPICS.decisions} is read from Kafka
                      from the beginning with a fresh consumer group until caught up and idle
  --brokers h:p,...   Kafka bootstrap (default $KAFKA_BROKERS or 127.0.0.1:9092)
  --topic NAME        decisions topic (default ${TOPICS.decisions})
  --idle-ms 5000      stop reading after this long without new decisions
  --json              print the report as JSON instead of markdown
  --rules FILE        the rule set the engine ran: its amount rules (per-currency thresholds)
                      get their own column in the per-market table

Outcomes are effective outcomes: a follow-up decision (followUp set) counts for the event it
revisits (followUp.eventId), the most severe outcome wins; follow-ups are listed by kind and
never count as decisions of their own. Decisions are taken in the order read (file order, or
per partition in offset order from Kafka): the inversions line counts events decided after a
later event of the same account, which should be 0.`;

export function parseReportArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): ReportArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      labels: { type: 'string' },
      decisions: { type: 'string' },
      brokers: { type: 'string' },
      topic: { type: 'string' },
      'idle-ms': { type: 'string' },
      json: { type: 'boolean' },
      rules: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  const brokers = values.brokers ?? env.KAFKA_BROKERS;
  const path = (file: string | undefined) => file && invocationPath(file, env);
  return reportArgs.parse({
    labels: path(values.labels),
    decisions: path(values.decisions),
    brokers: brokers?.split(',').map((b) => b.trim()),
    topic: values.topic,
    idleMs: values['idle-ms'],
    json: values.json,
    rules: path(values.rules),
  });
}
