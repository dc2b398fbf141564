import { classifyError } from '@vigil/errors';
import type { Logger } from 'pino';

/** Failures in a row (~15 s of backoff at the default interval) after which it is an outage. */
const PERSISTENT_FAILURES = 5;

export interface PollingLoopOptions {
  name: string;
  /** One unit of work; returns true when there may be more due right now (poll again at once). */
  tick: () => Promise<boolean>;
  intervalMs: number;
  logger: Logger;
  onError?: (error: unknown) => void;
}

/**
 * Runs `tick` until stopped: again at once while there is more work, after `intervalMs` when idle,
 * and with capped exponential backoff while it fails (PostgreSQL down): it stalls, never exits,
 * never crash-loops. `stop` lets the current tick finish.
 */
export class PollingLoop {
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private lastSuccessAt = 0;

  constructor(private readonly options: PollingLoopOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** True when a tick succeeded recently: the dependency it polls is reachable. */
  isHealthy(): boolean {
    return Date.now() - this.lastSuccessAt < Math.max(this.options.intervalMs * 5, 30_000);
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const more = await this.options.tick();
        this.lastSuccessAt = Date.now();
        failures = 0;
        if (!more) await this.sleep(this.options.intervalMs);
      } catch (error) {
        failures += 1;
        this.options.onError?.(error);
        // Retried with backoff: a warning while it may heal by itself, an error once it has
        // failed long enough that the dependency is down (the health check reports it too).
        const classified = classifyError(error);
        const persistent = !classified.retryable || failures >= PERSISTENT_FAILURES;
        this.options.logger[persistent ? 'error' : 'warn'](
          { err: classified, loop: this.options.name, failures },
          'loop iteration failed',
        );
        await this.sleep(Math.min(30_000, this.options.intervalMs * 2 ** Math.min(failures, 8)));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
