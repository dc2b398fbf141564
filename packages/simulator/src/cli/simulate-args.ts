import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SCENARIOS } from '../domain/ground-truth.ts';

const list = (text: string | undefined) => (text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== ''));
const optionalNumber = z.coerce.number().optional();

/** Command-line options of vigil-simulate, validated. */
export const simulateArgs = z.object({
  accounts: z.coerce.number().int().nonnegative().default(1_000),
  duration: z.string().default('2h'),
  warmup: z.string().default('0s'),
  seed: z.coerce.number().int().default(42),
  rate: optionalNumber.pipe(z.number().positive().optional()),
  mode: z.enum(['replay', 'live']).default('replay'),
  start: z.iso.datetime({ offset: false }).optional(),
  scenarios: z.array(z.enum(SCENARIOS)).default([...SCENARIOS]),
  episodes: z.coerce.number().int().nonnegative().optional(),
  runId: z.string().optional(),
  out: z.enum(['kafka', 'file']).default('file'),
  events: z.string().default('events.jsonl'),
  labels: z.string().default('labels.jsonl'),
  brokers: z.array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port')).min(1).default(['127.0.0.1:9092']),
  topicTransactions: z.string().min(1).optional(),
  topicLogins: z.string().min(1).optional(),
  topicAccountChanges: z.string().min(1).optional(),
  /** Partitions for topics the simulator creates when missing; 0 = never create. */
  createTopics: z.coerce.number().int().nonnegative().default(6),
  /** Share of events sent twice (same eventId, later offset), as an at-least-once upstream does. */
  resendRate: z.coerce.number().min(0).max(1).default(0),
});
export type SimulateArgs = z.infer<typeof simulateArgs>;

export const SIMULATE_USAGE = `vigil-simulate [options]
  --accounts N        benign customers (default 1000)
  --duration 2h       measured period of simulated time (default 2h)
  --warmup 1d         benign-only history before it, labelled warmup (default 0s)
  --seed 42           PRNG seed: same seed + same --start → same events
  --rate 500          events per second (replay: default unpaced; live: default 100)
  --mode replay|live  replay: simulated occurredAt; live: occurredAt = now
  --start ISO         start of the measured period (replay default: now − duration)
  --scenarios a,b     ${SCENARIOS.join(',')} (default all)
  --episodes N        episodes per scenario (default max(2, accounts/500))
  --run-id X          id prefix (default s<seed>)
  --out file|kafka    where events go (default file)
  --events FILE       events JSONL for --out file (default events.jsonl)
  --labels FILE       ground truth JSONL (default labels.jsonl)
  --brokers h:p,...   Kafka bootstrap (default $KAFKA_BROKERS or 127.0.0.1:9092)
  --topic-transactions / --topic-logins / --topic-account-changes NAME   override topic names
  --create-topics 6   create missing topics (+ .dlq) with this many partitions; 0 = never
  --resend-rate 0.01  share of events sent twice, a few events later, as at-least-once producers
                      do (default 0); labels list each event once`;

export function parseSimulateArgs(argv: readonly string[], env: Record<string, string | undefined>): SimulateArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      accounts: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string' }, seed: { type: 'string' },
      rate: { type: 'string' }, mode: { type: 'string' }, start: { type: 'string' }, scenarios: { type: 'string' },
      episodes: { type: 'string' }, 'run-id': { type: 'string' }, out: { type: 'string' }, events: { type: 'string' },
      labels: { type: 'string' }, brokers: { type: 'string' }, 'topic-transactions': { type: 'string' },
      'topic-logins': { type: 'string' }, 'topic-account-changes': { type: 'string' }, 'create-topics': { type: 'string' }, 'resend-rate': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  return simulateArgs.parse({
    ...values,
    runId: values['run-id'],
    scenarios: list(values.scenarios),
    brokers: list(values.brokers ?? env.KAFKA_BROKERS),
    topicTransactions: values['topic-transactions'],
    topicLogins: values['topic-logins'],
    topicAccountChanges: values['topic-account-changes'],
    resendRate: values['resend-rate'],
    createTopics: values['create-topics'],
  });
}
