import { describeStartupFailure } from '@vigil/config';
import { createLogger, createMetricsRegistry, type Logger } from '@vigil/observability';
import { ShutdownManager } from './shutdown-manager.ts';

/** What every service's start-up gets from the shared composition root. */
export interface ServiceContext<Env> {
  env: Env;
  logger: Logger;
  registry: ReturnType<typeof createMetricsRegistry>;
  /** Listening for SIGTERM/SIGINT already; register stop steps in the order they must run. */
  shutdown: ShutdownManager;
}

/**
 * The part of main.ts every service shares: settings from the environment, logger, metrics
 * registry and signal handling, then the service's own start-up. A start-up that fails prints
 * one line per problem to stderr (the logger may not exist yet: a bad setting) and exits 1.
 */
export function runService<Env extends { LOG_LEVEL: string; SHUTDOWN_GRACE_MS: number }>(
  service: string,
  parseEnv: (source: Record<string, string | undefined>) => Env,
  start: (context: ServiceContext<Env>) => Promise<void>,
): void {
  const main = async () => {
    const env = parseEnv(process.env);
    const logger = createLogger({ service, level: env.LOG_LEVEL });
    const registry = createMetricsRegistry(service);
    const shutdown = new ShutdownManager({
      logger,
      graceMs: env.SHUTDOWN_GRACE_MS,
      exit: (code) => process.exit(code),
    });
    shutdown.listen();
    await start({ env, logger, registry, shutdown });
  };
  main().catch((error: unknown) => {
    process.stderr.write(`${describeStartupFailure(service, error).join('\n')}\n`);
    process.exit(1);
  });
}
