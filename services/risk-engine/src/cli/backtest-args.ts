import { parseArgs } from 'node:util';
import { z } from 'zod';
import { invocationPath } from '@vigil/config';
import { parseDuration } from '@vigil/rules';

export const BACKTEST_USAGE = `usage: vigil-backtest --rules candidate.yaml [--from ISO --to ISO] [options]

Replays recorded input events through the candidate rule set and the baseline (the rule set in
force) in memory, on the engine's own decision path, and prints what the candidate would have
changed: outcomes, effects (cases, locks, notices, agent hours), labelled fraud caught and
false positives, rules whose hits moved, the changed decisions.

  --rules FILE            candidate rule set (required)
  --baseline FILE         rule set to compare with (default: RULES_FILE, else the default rule set)
  --from ISO --to ISO     measured period (event time); history is read from Kafka by record
                          timestamp over [from − warmup − slack, to + slack)
  --warmup DURATION       history before --from that only builds state (default 7d)
  --read-slack DURATION   Kafka records are picked by their timestamp, which upstreams set when
                          the event happens; read this much more on both sides for events that
                          reached Kafka late (default 1h); events are then placed by event time
  --input FILE            replay an archive (JSON lines written by --archive) instead of Kafka;
                          --from/--to default to the archive's first and last event
  --archive FILE          write the history read from Kafka, to replay it later
  --labels FILE           JSON lines {eventId, label: fraud|legit|attack|benign}
  --minutes-per-case N    agent time per account with a case (default 10)
  --list N                changed decisions listed one by one (default 20)
  --out FILE              write the report there instead of stdout
  Kafka: KAFKA_BROKERS, TOPIC_TRANSACTIONS, TOPIC_LOGINS, TOPIC_ACCOUNT_CHANGES as the engine's.
  -h, --help`;

const isoTime = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));
const durationMs = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms !== undefined) return ms;
  ctx.addIssue({ code: 'custom', message: `not a duration: ${text} (e.g. 90s, 10m, 24h, 7d)` });
  return z.NEVER;
});

export const backtestArgs = z
  .object({
    rules: z.string().min(1),
    baseline: z.string().min(1).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    warmup: durationMs.default(7 * 86_400_000),
    readSlack: durationMs.default(3_600_000),
    input: z.string().min(1).optional(),
    archive: z.string().min(1).optional(),
    labels: z.string().min(1).optional(),
    minutesPerCase: z.coerce.number().positive().default(10),
    list: z.coerce.number().int().nonnegative().default(20),
    out: z.string().min(1).optional(),
  })
  .refine((a) => a.input !== undefined || (a.from !== undefined && a.to !== undefined), {
    message: 'reading from Kafka needs --from and --to',
  })
  .refine((a) => a.from === undefined || a.to === undefined || a.from < a.to, {
    message: '--from must be before --to',
  })
  .refine((a) => a.input === undefined || a.archive === undefined, {
    message: '--archive writes what was read from Kafka; it cannot be used with --input',
  });
export type BacktestArgs = z.infer<typeof backtestArgs>;

export function parseBacktestArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): BacktestArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rules: { type: 'string' },
      baseline: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      warmup: { type: 'string' },
      'read-slack': { type: 'string' },
      input: { type: 'string' },
      archive: { type: 'string' },
      labels: { type: 'string' },
      'minutes-per-case': { type: 'string' },
      list: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const {
    'minutes-per-case': minutesPerCase,
    'read-slack': readSlack,
    help: _help,
    ...rest
  } = values;
  const parsed = backtestArgs.parse({ ...rest, minutesPerCase, readSlack });
  // Files named on the command line, from where it was typed (pnpm runs the CLI elsewhere).
  const path = (file: string | undefined) => file && invocationPath(file, env);
  return {
    ...parsed,
    rules: invocationPath(parsed.rules, env),
    baseline: path(parsed.baseline),
    input: path(parsed.input),
    archive: path(parsed.archive),
    labels: path(parsed.labels),
    out: path(parsed.out),
  };
}
