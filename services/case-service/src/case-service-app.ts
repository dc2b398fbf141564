import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createPgAccountActivity } from './adapters/pg-account-activity.ts';
import { createPgBacklogProbe } from './adapters/pg-backlog-probe.ts';
import { createPgCaseStore } from './adapters/pg-case-store.ts';
import { startPgChangeListener, type ChangeListener } from './adapters/pg-change-listener.ts';
import { watchDatabase, type DatabaseWatch } from './adapters/pg-health.ts';
import { createPgOutboxStore } from './adapters/pg-outbox-store.ts';
import { createPgRuleSetStore } from './adapters/pg-rule-set-store.ts';
import { TokenAuthenticator, type TokenEntry } from './adapters/grpc-auth.ts';
import { createCaseHandlers } from './adapters/grpc-case-handlers.ts';
import { createCaseGrpcServer, type CaseGrpcServer } from './adapters/grpc-case-server.ts';
import { createCaseUseCases, type CaseUseCases } from './app/case-use-cases.ts';
import { ChangeBus } from './app/change-bus.ts';
import type { OutboxPublisher } from './app/ports.ts';
import { OutboxRelay } from './app/relay-outbox.ts';
import { createRuleSetUseCases } from './app/rule-set-use-cases.ts';
import { createCaseMetrics } from './metrics.ts';

export interface CaseAppOptions {
  pool: pg.Pool;
  /** For the dedicated LISTEN connection (same database as the pool). */
  databaseUrl: string;
  channel: string;
  logger: Logger;
  registry: Registry;
  tokens: readonly TokenEntry[];
  publisher: OutboxPublisher;
  outbox: { pollMs: number; batchSize: number; retentionHours: number };
  watchMaxQueued: number;
  healthCheckMs: number;
  /** LABELS_RETENTION_DAYS, or 0 when the label ledger is off (GetAccountActivity says so). */
  labelRetentionDays: number;
}

export interface CaseApp {
  grpc: CaseGrpcServer;
  relay: OutboxRelay;
  bus: ChangeBus;
  listener: ChangeListener;
  database: DatabaseWatch;
  /** The use cases behind the handlers (the label intake files dispute alerts through them). */
  cases: CaseUseCases;
}

const PRUNE_EVERY_MS = 10 * 60_000;

/** Wires store, use cases, relay, change feed and gRPC handlers around an open pool; nothing listens yet. */
export async function createCaseApp(options: CaseAppOptions): Promise<CaseApp> {
  const { pool, logger } = options;
  // The LISTEN connection first: if PostgreSQL is down this throws before anything is
  // registered, so main.ts can simply call createCaseApp again.
  const bus = new ChangeBus();
  const listener = await startPgChangeListener({
    connectionString: options.databaseUrl,
    channel: options.channel,
    logger,
    onChange: (change) => bus.publish(change),
    onInterrupted: (reason) => bus.interrupt(reason),
  });
  const store = createPgCaseStore(pool, { channel: options.channel });
  const outboxStore = createPgOutboxStore(pool);
  const metrics = createCaseMetrics(options.registry, createPgBacklogProbe(pool, outboxStore));
  const relay = new OutboxRelay({
    store: outboxStore,
    publisher: options.publisher,
    logger: logger.child({ component: 'outbox-relay' }),
    counters: metrics.relay,
    pollMs: options.outbox.pollMs,
    batchSize: options.outbox.batchSize,
    retention: {
      keepSentMs: options.outbox.retentionHours * 3_600_000,
      everyMs: PRUNE_EVERY_MS,
    },
  });
  const clock = () => new Date();
  const cases = createCaseUseCases({
    store,
    clock,
    newId: randomUUID,
    onOutboxWrite: () => relay.poke(),
  });
  const handlers = createCaseHandlers({
    auth: new TokenAuthenticator(options.tokens),
    logger: logger.child({ component: 'grpc' }),
    metrics,
    cases,
    ruleSets: createRuleSetUseCases({ store: createPgRuleSetStore(pool), clock }),
    feed: bus,
    watchMaxQueued: options.watchMaxQueued,
    clock,
    activity: createPgAccountActivity(pool),
    labelRetentionDays: options.labelRetentionDays,
  });
  const grpc = createCaseGrpcServer(handlers);
  const database = watchDatabase({
    pool,
    intervalMs: options.healthCheckMs,
    logger,
    onChange: (up) => grpc.setServing(up),
  });
  await database.check();
  return { grpc, relay, bus, listener, database, cases };
}
