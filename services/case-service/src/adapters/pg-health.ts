import type pg from 'pg';
import type { Logger } from 'pino';

export interface DatabaseWatch {
  isUp(): boolean;
  /** Pings now and reports; the interval keeps doing the same. */
  check(): Promise<boolean>;
  stop(): void;
}

/**
 * Pings PostgreSQL on an interval and reports transitions, so gRPC health and /readyz say
 * NOT_SERVING while the database is unreachable instead of "up" while every call fails.
 */
export function watchDatabase(options: {
  pool: pg.Pool;
  intervalMs: number;
  timeoutMs?: number;
  logger: Logger;
  onChange: (up: boolean) => void;
}): DatabaseWatch {
  let up: boolean | undefined;
  const ping = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), options.timeoutMs ?? 1_500);
    });
    try {
      return await Promise.race([
        options.pool.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  const check = async () => {
    const now = await ping();
    if (now !== up) {
      up = now;
      if (now) options.logger.info('postgres reachable: serving');
      else options.logger.error('postgres unreachable: not serving');
      options.onChange(now);
    }
    return now;
  };
  const interval = setInterval(() => void check(), options.intervalMs);
  interval.unref();
  return { isUp: () => up === true, check, stop: () => clearInterval(interval) };
}
