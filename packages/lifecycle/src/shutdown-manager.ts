import type { Logger } from 'pino';

export interface ShutdownHandler {
  name: string;
  run: () => Promise<void>;
}

export interface ShutdownManagerOptions {
  logger: Logger;
  /** Total time the handlers may take before the process exits non-zero anyway. */
  graceMs: number;
  /** Injected so tests can observe the exit code; main.ts passes process.exit. */
  exit: (code: number) => void;
}

/**
 * Runs named shutdown handlers in registration order: intake first (consumers, gRPC servers),
 * then in-flight work, then clients, then log flushing. Idempotent: a second signal while
 * draining does not start a second drain. Exit 0 after a clean drain, 1 if a handler failed or
 * the grace period ran out (the orchestrator would SIGKILL us soon anyway).
 */
export class ShutdownManager {
  private readonly handlers: ShutdownHandler[] = [];
  private draining: Promise<number> | undefined;

  constructor(private readonly options: ShutdownManagerOptions) {}

  register(name: string, run: () => Promise<void>): void {
    this.handlers.push({ name, run });
  }

  /** Wires SIGTERM and SIGINT; returns a function that unwires them. */
  listen(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
    const onSignal = (signal: NodeJS.Signals) => {
      this.options.logger.info({ signal }, 'shutdown signal received');
      void this.shutdown(signal);
    };
    for (const signal of signals) process.on(signal, onSignal);
    return () => {
      for (const signal of signals) process.off(signal, onSignal);
    };
  }

  shutdown(reason: string): Promise<number> {
    this.draining ??= this.drain(reason).then((code) => {
      this.options.exit(code);
      return code;
    });
    return this.draining;
  }

  private async drain(reason: string): Promise<number> {
    const { logger, graceMs } = this.options;
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    let failed = false;
    const runAll = async () => {
      for (const handler of this.handlers) {
        try {
          await handler.run();
          logger.info(
            { handler: handler.name, elapsedMs: Date.now() - started },
            'shutdown step done',
          );
        } catch (error) {
          failed = true;
          logger.error({ err: error, handler: handler.name }, 'shutdown step failed');
        }
      }
    };
    const outcome = await Promise.race([runAll().then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      logger.error({ reason, graceMs }, 'shutdown grace period exceeded');
      return 1;
    }
    logger.info({ reason, elapsedMs: Date.now() - started, failed }, 'shutdown complete');
    return failed ? 1 : 0;
  }
}
