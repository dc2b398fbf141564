import { parseArgs } from 'node:util';
import { z } from 'zod';
import { invocationPath } from '@vigil/config';
import { parseDuration } from '../domain/duration.ts';
import { INBOUND_TOPICS, SCENARIOS, type InboundTopic } from '../domain/ground-truth.ts';
import type { TopicDelays } from '../domain/topic-delay.ts';
import { DEFAULT_CHAIN_SHARE } from '../domain/traffic-options.ts';
import { SIMULATION_MODES } from '../simulate.ts';

const list = (text: string | undefined) => (text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== ''));
const optionalNumber = z.coerce.number().optional();

/** `identity.logins.v1=3m` (repeatable) → ms per inbound topic. */
const topicDelays = z.array(z.string()).default([]).transform((specs, ctx): TopicDelays => {
  const delays: TopicDelays = {};
  for (const spec of specs) {
    const [topic = '', duration = ''] = spec.split('=', 2).map((s) => s.trim());
    if (!(INBOUND_TOPICS as readonly string[]).includes(topic)) {
      ctx.addIssue({ code: 'custom', message: `--delay ${spec}: the topic must be one of ${INBOUND_TOPICS.join(', ')}` });
      continue;
    }
    try {
      delays[topic as InboundTopic] = parseDuration(duration);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `--delay ${spec}: ${(error as Error).message}` });
    }
  }
  return delays;
});

/** Command-line options of vigil-simulate, validated. */
export const simulateArgs = z.object({
  accounts: z.coerce.number().int().nonnegative().default(1_000),
  duration: z.string().default('2h'),
  warmup: z.string().default('0s'),
  seed: z.coerce.number().int().default(42),
  rate: optionalNumber.pipe(z.number().positive().optional()),
  mode: z.enum(SIMULATION_MODES).default('replay'),
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
  /** Topics produced late, in event time. */
  delays: topicDelays,
  /** Share of benign customers going through a benign chain (new phone, trip abroad). */
  chainShare: z.coerce.number().min(0).max(1).default(DEFAULT_CHAIN_SHARE),
}).superRefine((args, ctx) => {
  if (args.mode === 'backlog' && args.rate !== undefined) ctx.addIssue({ code: 'custom', path: ['rate'], message: 'backlog mode produces as fast as possible: drop --rate (or use --mode paced)' });
  if (args.mode === 'paced' && args.rate === undefined) ctx.addIssue({ code: 'custom', path: ['rate'], message: 'paced mode needs --rate N (events per second)' });
});
export type SimulateArgs = z.infer<typeof simulateArgs>;

export const SIMULATE_USAGE = `vigil-simulate [options]
  --mode M            backlog: simulated occurredAt, everything as fast as possible (start the
                        engine afterwards: it reads one full backlog)
                      paced: simulated occurredAt at --rate events/s (required)
                      replay (default): simulated occurredAt, at --rate if given, else unpaced
                      live: occurredAt = now, at --rate (default 100); not comparable between runs
                      backlog, paced and replay with the same --seed, --start and options produce
                      byte-identical events (eventIds, occurredAt, order); only timing differs
  --rate 500          events per second (paced: required; backlog: not allowed)
  --start ISO         start of the measured period (default: now − max(duration, longest
                      episode), so runs without it are not comparable)
  --accounts N        benign customers (default 1000)
  --duration 2h       measured period of simulated time (default 2h)
  --warmup 1d         benign-only history before it, labelled warmup (default 0s)
  --seed 42           PRNG seed: same seed + same --start → same events
  --scenarios a,b     ${SCENARIOS.join(',')}
                      (default all; low_and_slow_stuffing needs --duration ≥ 5h and 40 accounts)
  --episodes N        episodes per scenario (default max(2, accounts/500))
  --chain-share 0.03  share of benign customers who switch phones or fly abroad in the measured
                      period (login, then payments minutes later; labelled benign; default ${DEFAULT_CHAIN_SHARE})
  --delay T=D         produce topic T late by D of event time (repeatable), e.g.
                      --delay identity.logins.v1=3m: its records wait until the simulation's event
                      time is 3m past their occurredAt (same skew at any rate; in backlog mode only
                      the order of production changes); held records are flushed at the end
  --run-id X          id prefix (default s<seed>; without --start s<seed>-<start in base 36>,
                      so two live runs never share an eventId)
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
      'topic-logins': { type: 'string' }, 'topic-account-changes': { type: 'string' }, 'create-topics': { type: 'string' }, 'resend-rate': { type: 'string' },
      delay: { type: 'string', multiple: true }, 'chain-share': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  const parsed = simulateArgs.parse({
    ...values,
    runId: values['run-id'],
    scenarios: list(values.scenarios),
    brokers: list(values.brokers ?? env.KAFKA_BROKERS),
    topicTransactions: values['topic-transactions'],
    topicLogins: values['topic-logins'],
    topicAccountChanges: values['topic-account-changes'],
    resendRate: values['resend-rate'],
    createTopics: values['create-topics'],
    delays: values.delay,
    chainShare: values['chain-share'],
  });
  return { ...parsed, events: invocationPath(parsed.events, env), labels: invocationPath(parsed.labels, env) };
}
