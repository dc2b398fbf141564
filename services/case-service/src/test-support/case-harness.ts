import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { createMetricsRegistry } from '@vigil/observability';
import { createPgFixture, uniqueName, type PgFixture } from '@vigil/testing';
import { runMigrations } from '../adapters/pg-migrations.ts';
import { createCaseApp, type CaseApp } from '../case-service-app.ts';
import { createCasesClient, type CasesClient } from '@vigil/protos';
import type { TokenEntry } from '../adapters/grpc-auth.ts';
import type { OutboxPublisher } from '../app/ports.ts';
import type { CaseServiceError, RaiseCaseRequest } from '@vigil/protos';

// Integration harness: a real PostgreSQL schema of the test's own (migrated), the real app on
// an ephemeral gRPC port, and real clients for each kind of caller.

export const PRINCIPALS = ['risk-engine', 'agent-ann', 'agent-bob', 'sup-sue', 'sup-sam'] as const;
type PrincipalName = (typeof PRINCIPALS)[number];

export interface CaseHarness {
  pg: PgFixture;
  app: CaseApp;
  address: string;
  tokens: Record<PrincipalName, string>;
  /** A client authenticated as `who` (or with a raw token / none). */
  client(who: PrincipalName | { token?: string }): CasesClient;
  close(): Promise<void>;
}

const notStarted: OutboxPublisher = {
  publish: () => Promise.reject(new Error('this test does not run the outbox relay')),
};

export async function startCaseHarness(
  options: { publisher?: OutboxPublisher; watchMaxQueued?: number; logLevel?: string } = {},
): Promise<CaseHarness> {
  const logger = pino({ level: options.logLevel ?? 'silent' });
  const pg = await createPgFixture();
  await runMigrations({ databaseUrl: pg.url, schema: pg.schema, logger });
  const token = () => randomBytes(18).toString('base64url');
  const tokens: Record<PrincipalName, string> = {
    'risk-engine': token(),
    'agent-ann': token(),
    'agent-bob': token(),
    'sup-sue': token(),
    'sup-sam': token(),
  };
  const entries: TokenEntry[] = [
    { token: tokens['risk-engine'], principal: 'risk-engine', role: 'service' },
    { token: tokens['agent-ann'], principal: 'agent-ann', role: 'agent' },
    { token: tokens['agent-bob'], principal: 'agent-bob', role: 'agent' },
    { token: tokens['sup-sue'], principal: 'sup-sue', role: 'supervisor' },
    { token: tokens['sup-sam'], principal: 'sup-sam', role: 'supervisor' },
  ];
  const app = await createCaseApp({
    pool: pg.pool,
    databaseUrl: pg.url,
    channel: uniqueName('case_changes'),
    logger,
    registry: createMetricsRegistry('case-service-test'),
    tokens: entries,
    publisher: options.publisher ?? notStarted,
    outbox: { pollMs: 50, batchSize: 100, retentionHours: 72 },
    watchMaxQueued: options.watchMaxQueued ?? 100,
    healthCheckMs: 200,
    labelRetentionDays: 120,
  });
  const port = await app.grpc.listen('127.0.0.1', 0);
  const address = `127.0.0.1:${port}`;
  const clients: CasesClient[] = [];
  return {
    pg,
    app,
    address,
    tokens,
    client: (who) => {
      const client = createCasesClient({
        address,
        ...(typeof who === 'string' ? { token: tokens[who] } : who),
      });
      clients.push(client);
      return client;
    },
    close: async () => {
      for (const client of clients) client.close();
      app.bus.closeAll();
      await app.grpc.shutdown(2_000);
      await app.relay.stop();
      await app.listener.close();
      app.database.stop();
      await pg.cleanup();
    },
  };
}

let decisionCounter = 0;

/** A valid RaiseCase request as the risk engine sends it; override what the test is about. */
export function decision(
  overrides: Partial<RaiseCaseRequest> & { accountId: string },
): RaiseCaseRequest {
  decisionCounter += 1;
  const id = `${Date.now().toString(36)}-${decisionCounter}-${randomBytes(3).toString('hex')}`;
  return {
    decisionId: `dec-${id}`,
    eventId: `evt-${id}`,
    eventType: 'transaction',
    score: 75,
    outcome: 'DECISION_OUTCOME_REVIEW' as const,
    reasons: [
      {
        rule: 'velocity.card',
        score: 40,
        message: '6 payments in 10 min',
        observed: '6',
        threshold: '5',
      },
    ],
    occurredAt: '2026-11-24T07:00:00.000Z',
    decidedAt: '2026-11-24T07:00:00.050Z',
    subject: { transactionId: `tx-${id}`, deviceId: `dev-${id}`, ip: '203.0.113.7' },
    ...overrides,
  };
}

/** The CaseServiceError a call fails with; throws when it succeeds. */
export async function failure(call: Promise<unknown>): Promise<CaseServiceError> {
  try {
    await call;
  } catch (error) {
    return error as CaseServiceError;
  }
  throw new Error('expected the call to fail');
}
