import { parseArgs } from 'node:util';
import { z } from 'zod';

export const LIVE_USAGE = `usage: pnpm --filter @vigil/system-tests bench:live [options]

The whole stack live (built case-service, risk-engine and notifier started as the devstack
starts them), fed the simulator's traffic open-loop at stepped rates; see test/bench/README.md.

  --rates R,R,...        offered events/s per step, ascending (default 250,500,1000,1500,2000,3000)
  --step-seconds S       measured seconds per step (default 30)
  --warmup-seconds S     seconds at the step's rate before it is measured (default 5)
  --first-warmup-seconds S  the same for the first step (default 60): the services' JIT and the
                         broker's are cold at start (a quarter of the engine's CPU 5 s in is V8
                         compiling, 7% after 60 s)
  --drain-seconds S      after a step, how long its events may take to be decided (default 30)
  --target-p99-ms N      a step is sustainable at p99 ≤ N and no growing backlog (default 100)
  --stop-p99-ms N        stop stepping once p99 > N or the backlog keeps growing (default 1000)
  --soak-minutes N       then N minutes at 50% of the max sustainable rate (default 0)
  --accounts N           simulated customers per traffic generation (default 200000; the
                         fewer, the more of each customer's day is squeezed into the run)
  --seed N               simulator seed (default 20261201)
  --log-level L          the services' LOG_LEVEL (default info, the production default)
  --engine-env K=V,...   risk-engine settings for this run (e.g. PUBLISH_MODE=at-least-once)
  --stack-env K=V,...    settings of all three services for this run (e.g. KAFKA_FETCH_MIN_BYTES=1;
                         --engine-env wins for the engine)
  --latencies-dir DIR    also write each step's per-event send offset and latency to DIR/<step>.tsv
                         (when the slowest events were sent: a cluster is a pause somewhere)
  -h, --help`;

const rateList = z
  .string()
  .transform((text) => text.split(',').map((part) => Number(part.trim())))
  .pipe(z.array(z.number().int().positive()).min(1))
  .refine((rates) => rates.every((rate, i) => i === 0 || rate > rates[i - 1]!), {
    message: 'rates must be ascending',
  });

/** `NAME=value,NAME=value` → the services' environment additions. */
function envPairs(flag: string) {
  return z
    .string()
    .default('')
    .transform((text) =>
      Object.fromEntries(
        text
          .split(',')
          .filter((pair) => pair.trim() !== '')
          .map((pair) => {
            const at = pair.indexOf('=');
            return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
          }),
      ),
    )
    .refine((env) => Object.keys(env).every((name) => /^[A-Z][A-Z0-9_]*$/.test(name)), {
      message: `${flag} takes NAME=value pairs, comma-separated`,
    });
}

export const liveArgs = z
  .object({
    rates: rateList.default([250, 500, 1_000, 1_500, 2_000, 3_000]),
    stepSeconds: z.coerce.number().positive().max(3_600).default(30),
    warmupSeconds: z.coerce.number().nonnegative().max(600).default(5),
    firstWarmupSeconds: z.coerce.number().nonnegative().max(600).default(60),
    drainSeconds: z.coerce.number().positive().max(3_600).default(30),
    targetP99Ms: z.coerce.number().positive().default(100),
    stopP99Ms: z.coerce.number().positive().default(1_000),
    soakMinutes: z.coerce.number().int().nonnegative().default(0),
    // The harness sends a simulated day at the step's rate: the fewer customers, the more of each
    // one's day lands in the rules' short windows, and benign bursts trip velocity rules that a
    // payment platform's customers would not. 20,000, the default before 2026-12-07, did so
    // (results/live-density-1207.md).
    accounts: z.coerce.number().int().min(100).max(200_000).default(200_000),
    seed: z.coerce.number().int().default(20261201),
    logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
    latenciesDir: z.string().min(1).optional(),
    engineEnv: envPairs('--engine-env'),
    stackEnv: envPairs('--stack-env'),
  })
  .refine((args) => args.stopP99Ms >= args.targetP99Ms, {
    message: '--stop-p99-ms must be at least --target-p99-ms',
  });
export type LiveArgs = z.infer<typeof liveArgs>;

/** Flags → options (node:util parseArgs, as the other bench scripts, then checked by zod). */
export function parseLiveArgs(argv: readonly string[]): LiveArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rates: { type: 'string' },
      'step-seconds': { type: 'string' },
      'warmup-seconds': { type: 'string' },
      'first-warmup-seconds': { type: 'string' },
      'drain-seconds': { type: 'string' },
      'target-p99-ms': { type: 'string' },
      'stop-p99-ms': { type: 'string' },
      'soak-minutes': { type: 'string' },
      accounts: { type: 'string' },
      seed: { type: 'string' },
      'log-level': { type: 'string' },
      'engine-env': { type: 'string' },
      'stack-env': { type: 'string' },
      'latencies-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  return liveArgs.parse({
    rates: values.rates,
    stepSeconds: values['step-seconds'],
    warmupSeconds: values['warmup-seconds'],
    firstWarmupSeconds: values['first-warmup-seconds'],
    drainSeconds: values['drain-seconds'],
    targetP99Ms: values['target-p99-ms'],
    stopP99Ms: values['stop-p99-ms'],
    soakMinutes: values['soak-minutes'],
    accounts: values.accounts,
    seed: values.seed,
    logLevel: values['log-level'],
    engineEnv: values['engine-env'],
    stackEnv: values['stack-env'],
    latenciesDir: values['latencies-dir'],
  });
}
