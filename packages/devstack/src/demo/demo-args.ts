import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseDuration } from '@vigil/simulator';

export const DEMO_USAGE = `usage: pnpm demo [options]   (tsx packages/devstack/src/demo.ts)

Starts case-service, risk-engine and notifier against the local Kafka/Redis/PostgreSQL, plays
simulated traffic (every attack scenario) through them and prints a live summary, then the
detection report. Stays up until Ctrl-C so you can poke at it; --exit (or CI=true) ends after
the report.

  --accounts N        simulated customers (default 200)
  --duration D        simulated period replayed, e.g. 2h (default 2h)
  --warmup D          benign history before it, so rules know customers' devices (default 1d)
  --wall-seconds S    how long the replay should take at a steady rate (default 75)
  --rate N            events per second instead of --wall-seconds
  --seed N            simulator seed (default 42)
  --resend-rate R     share of events the upstream sends twice, as at-least-once producers do
                      (default 0.01); each still gets exactly one decision
  --exit              stop after the report (default when CI=true)
  --keep              keep the run's topics, schemas and Redis keys on exit
  --log-level L       services' LOG_LEVEL (default info)
  -h, --help`;

const durationText = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a duration: ${text}` });
    return z.NEVER;
  }
});

export const demoArgs = z.object({
  accounts: z.coerce.number().int().min(10).max(100_000).default(200),
  duration: durationText.default(2 * 3_600_000),
  warmup: durationText.default(24 * 3_600_000),
  wallSeconds: z.coerce.number().positive().max(3_600).default(75),
  rate: z.coerce.number().positive().optional(),
  seed: z.coerce.number().int().default(42),
  resendRate: z.coerce.number().min(0).max(1).default(0.01),
  exit: z.boolean().default(false),
  keep: z.boolean().default(false),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
});
export type DemoArgs = z.infer<typeof demoArgs>;

/** Flags → options; CI=true means nobody is there to press Ctrl-C, so it exits after the report. */
export function parseDemoArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): DemoArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      accounts: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'wall-seconds': { type: 'string' },
      rate: { type: 'string' },
      seed: { type: 'string' },
      'resend-rate': { type: 'string' },
      exit: { type: 'boolean' },
      keep: { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  return demoArgs.parse({
    accounts: values.accounts,
    duration: values.duration,
    warmup: values.warmup,
    wallSeconds: values['wall-seconds'],
    rate: values.rate,
    seed: values.seed,
    resendRate: values['resend-rate'],
    exit: values.exit === true || env.CI === 'true' || env.CI === '1',
    keep: values.keep,
    logLevel: values['log-level'],
  });
}

/** A steady replay rate that fits the events into the wall-clock budget (at least 1/s). */
export function replayRate(events: number, args: Pick<DemoArgs, 'rate' | 'wallSeconds'>): number {
  return args.rate ?? Math.max(1, Math.ceil(events / args.wallSeconds));
}
