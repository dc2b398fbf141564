import type { LiveArgs } from './live-args.ts';

function settings(who: string, env: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(env).map(([name, value]) => `${name}=${value}`);
  return pairs.length === 0 ? '' : `; ${who} ${pairs.join(', ')}`;
}

/** The method paragraph of results/live.md: what ran, how it was fed, what the numbers mean. */
export function liveMethod(input: {
  args: LiveArgs;
  partitions: number;
  generations: number;
}): string {
  const { args } = input;
  return `Method: case-service, risk-engine and notifier built (\`pnpm build\`) and started by the
devstack's \`startStack\` as real processes (\`node services/<svc>/dist/main.js\`, production
settings, LOG_LEVEL ${args.logLevel}${settings('every service', args.stackEnv)}${settings('risk-engine', args.engineEnv)}), on the shared Kafka, Redis and PostgreSQL: topics of this run
(${input.partitions} partitions each, with .dlq twins), its own consumer groups, Redis key prefix and
PostgreSQL schemas, all removed at the end. The notifier delivers to the devstack's local SMTP and
SMS/push webhook sinks (in the benchmark process); every simulated customer's contact preferences
are seeded before their first event. Traffic: the simulator (\`generateTraffic\`: ${args.accounts.toLocaleString('en-US')} customers
and every attack scenario it schedules over a simulated day, seed ${args.seed}; ${input.generations} generation(s) of
fresh accounts), in simulated-time order, each event re-stamped with the wall clock when it is sent
(strictly increasing per account), so the simulated day is compressed into the run and the
engine's windows and event-time merge see live times (a day holds ~5.5 events per customer: the
fewer customers, the more of each one's day falls into a minute of the run). An idempotent kafkajs producer sends
open-loop at each step's rate (every 5 ms tick sends what is due, never waiting for decisions),
keyed by accountId into the three input topics. Steps: offered rates ${args.rates.join(', ')} events/s, each
${args.warmupSeconds} s warm-up (the first ${args.firstWarmupSeconds} s: the stack's JIT is cold at start) then ${args.stepSeconds} s measured, then up to ${args.drainSeconds} s for the step's last decisions;
stepping stops once p99 > ${args.stopP99Ms} ms, the backlog (sent − decided, sampled each second) keeps
growing, or the producer cannot offer the rate. Latency = decision visible to a read_committed
reader of the decisions topic (this process) − start of the send that carried the event, matched
by eventId (follow-up decisions are counted apart). Sustainable = p99 ≤ ${args.targetP99Ms} ms, backlog not
growing, nothing left undecided. Stage means come from the differences of each service's
/metrics over the measured window; CPU from /proc (services, every postgres process, the Kafka
broker's JVM) and INFO cpu (redis-server), the servers shared with other runs (upper bounds),
this process (harness), and the rest of the machine's busy CPU from /proc/stat (other).
Correctness over the whole run: every produced eventId has exactly one decision; every
review/block decision has its alert in case-service's schema; every challenge exactly one
verification request and every block exactly one lock notice in the notifier's schema; sent
notices match what the sinks received; nothing in a dead-letter topic.`;
}
