import { classifyError } from '@vigil/errors';
import type { Logger } from 'pino';
import { backoffDelayMs, type RetryPolicy } from './retry-policy.ts';

/** Failures in a row (~15 s of backoff at a 500 ms interval) after which it is an outage. */
const PERSISTENT_FAILURES = 5;

/** Longest a failing loop waits between ticks by default: it must notice recovery soon. */
const DEFAULT_MAX_BACKOFF_MS = 30_000;

export interface PollingLoopOptions {
  /** Names the loop in logs. */
  name: string;
  /** One unit of work; resolves true when more may be due right now (tick again at once). */
  tick: () => Promise<boolean>;
  /** Idle wait after a tick that found nothing more to do. */
  intervalMs: number;
  /**
   * Waits between failing ticks (attempt = failures in a row). Default: from twice the interval,
   * doubling to 30 s, without jitter.
   */
  backoff?: RetryPolicy;
  logger: Logger;
  /** Called for every failed tick (a metric), before it is logged. */
  onError?: (error: unknown) => void;
}

/**
 * Runs `tick` until stopped: again at once while there is more work, after `intervalMs` when idle,
 * and with capped exponential backoff while it fails (PostgreSQL or Kafka down): it stalls, never
 * exits, never crash-loops. `stop` lets the current tick finish.
 */
export class PollingLoop {
  private loop: Promise<void> | undefined;
  private stopping = false;
  private interrupt: (() => void) | undefined;
  private lastSuccessAt = 0;
  private readonly backoff: RetryPolicy;

  constructor(private readonly options: PollingLoopOptions) {
    this.backoff = options.backoff ?? {
      initialDelayMs: options.intervalMs * 2,
      maxDelayMs: DEFAULT_MAX_BACKOFF_MS,
      jitter: 0,
    };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends a wait early so the next tick runs now (new work was just committed). */
  wake(): void {
    this.interrupt?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.interrupt?.();
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
        const delayMs = backoffDelayMs(this.backoff, failures);
        this.options.logger[persistent ? 'error' : 'warn'](
          { err: classified, loop: this.options.name, failures, delayMs },
          'loop iteration failed',
        );
        await this.sleep(delayMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
    });
  }
}
