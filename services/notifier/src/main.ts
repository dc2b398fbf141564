import { runService } from '@vigil/lifecycle';
import { startOpsServer, type ReadinessCheck } from '@vigil/observability';
import { parseEnv } from './env.ts';
import { startNotifier } from './notifier-app.ts';

// Composition root: env → logger/metrics → ops server → the notifier → signal handling.
runService('notifier', parseEnv, async ({ env, logger, registry, shutdown }) => {
  // The ops server reads this array on every /readyz, so it reports "starting" (not ready) while
  // start-up waits for PostgreSQL or Kafka, then the real per-dependency checks.
  const readiness: ReadinessCheck[] = [{ name: 'started', check: () => Promise.resolve(false) }];
  const ops = await startOpsServer({
    port: env.OPS_PORT,
    registry,
    readiness,
    readinessGraceMs: env.READINESS_GRACE_MS,
  });

  // Only non-retryable failures get past this (dependency outages are waited out during start-up).
  const notifier = await startNotifier(env, { logger, registry });
  readiness.splice(0, readiness.length, ...notifier.readiness);
  for (const step of notifier.stopSteps) shutdown.register(step.name, step.run);
  shutdown.register('ops-server', () => ops.close());
  logger.info({ opsPort: ops.port, httpPort: notifier.httpPort }, 'notifier ready');
});
