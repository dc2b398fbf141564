import { PollingLoop } from '@vigil/lifecycle';
import type { Logger } from '@vigil/observability';
import type { NotifierMetrics } from '../metrics.ts';

/**
 * Runs a batch use case on the repo's polling loop: again at once after a full batch (more may be
 * due), after `intervalMs` when idle, with backoff while it fails; each failure is counted.
 */
export function batchLoop(options: {
  name: 'dispatcher' | 'case-escalator' | 'retention';
  useCase: { runOnce(): Promise<number> };
  batchSize: number;
  intervalMs: number;
  metrics: Pick<NotifierMetrics, 'loopErrors'>;
  logger: Logger;
}): PollingLoop {
  return new PollingLoop({
    name: options.name,
    tick: async () => (await options.useCase.runOnce()) === options.batchSize,
    intervalMs: options.intervalMs,
    logger: options.logger,
    onError: () => options.metrics.loopErrors.inc({ loop: options.name }),
  });
}
