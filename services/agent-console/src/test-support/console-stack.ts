import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import {
  freePorts,
  grpcHealthStatus,
  REPO_ROOT,
  spawnService,
  startTopicCollector,
  waitUntilReady,
  type ChildService,
  type TopicCollector,
} from '@vigil/devstack';
import { createKafkaClient } from '@vigil/kafka';
import { createCasesClient, type CasesClient, type RaiseCaseRequest } from '@vigil/protos';
import { createPgFixture, infraUrls, uniqueName, type PgFixture } from '@vigil/testing';

// Integration harness: the built case-service (`node dist/main.js`) on a PostgreSQL schema and
// Kafka topics of the test's own, and the built console in front of it, as real processes.

export const CALLERS = {
  engine: { principal: 'risk-engine', role: 'service' },
  ann: { principal: 'agent-ann', role: 'agent' },
  bob: { principal: 'agent-bob', role: 'agent' },
  sue: { principal: 'sup-sue', role: 'supervisor' },
} as const;
export type CallerName = keyof typeof CALLERS;

export interface ConsoleStack {
  url: string;
  /** case-service's schema (migrated at its start; dropped by stop()). */
  pg: PgFixture;
  opsUrl: string;
  grpcAddress: string;
  /** case-service's ops server (/metrics, /readyz). */
  caseOpsUrl: string;
  tokens: Record<CallerName, string>;
  /**
   * This stack's topics: accounts.commands and risk.feedback are read from the beginning;
   * case-service's label ledger reads decisions (and feedback, disputes) in a group of its own.
   */
  topics: { commands: string; feedback: string; decisions: string; disputes: string };
  /** Writes values keyed by their account to one of the stack's topics (as the engine would). */
  publish(topic: string, values: readonly { accountId: string }[]): Promise<void>;
  kafka: TopicCollector;
  /** A CaseService client as `who` (the test's stand-in for the risk engine or a colleague). */
  cases(who: CallerName): CasesClient;
  console: ChildService;
  /** The running case-service process's id (a restart makes a new one). */
  caseServicePid(): number;
  /** SIGTERMs case-service and starts it again on the same port and schema (a restart). */
  restartCaseService(): Promise<void>;
  /** SIGTERMs the console, then case-service; returns their exit codes. */
  stop(): Promise<{ console: number | null; caseService: number | null }>;
}

export async function startConsoleStack(
  options: {
    consoleEnv?: Record<string, string>;
    /** case-service settings over the harness's (e.g. LOG_LEVEL, LABELS_ENABLED). */
    caseEnv?: Record<string, string>;
  } = {},
): Promise<ConsoleStack> {
  const runId = uniqueName('console');
  const logDir = join(REPO_ROOT, '.local', 'agent-console-tests', runId);
  mkdirSync(logDir, { recursive: true });
  const pg: PgFixture = await createPgFixture();
  const tokens = Object.fromEntries(
    Object.keys(CALLERS).map((name) => [name, randomBytes(24).toString('hex')]),
  ) as Record<CallerName, string>;
  const [grpcPort, caseOps, httpPort, consoleOps] = await freePorts(4);
  const topics = {
    commands: `${runId}_commands`,
    feedback: `${runId}_feedback`,
    decisions: `${runId}_decisions`,
    disputes: `${runId}_disputes`,
  };
  const base = { ...process.env, LOG_LEVEL: 'info', SHUTDOWN_GRACE_MS: '10000' } as Record<
    string,
    string
  >;
  const caseServiceOptions = {
    name: 'case-service',
    script: join(REPO_ROOT, 'services/case-service/dist/main.js'),
    nodeArgs: [],
    cwd: REPO_ROOT,
    logFile: join(logDir, 'case-service.log'),
    env: {
      ...base,
      DATABASE_URL: infraUrls().databaseUrl,
      DATABASE_SCHEMA: pg.schema,
      KAFKA_BROKERS: infraUrls().kafkaBrokers.join(','),
      FEEDBACK_TOPIC: topics.feedback,
      ACCOUNT_COMMANDS_TOPIC: topics.commands,
      // The label ledger (the case page's timeline) reads topics and a group of the run's own.
      DECISIONS_TOPIC: topics.decisions,
      DISPUTES_TOPIC: topics.disputes,
      LABELS_GROUP_ID: `${runId}_labels`,
      TOPIC_PARTITIONS: '1',
      CASE_CHANGES_CHANNEL: runId,
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: String(grpcPort),
      OPS_PORT: String(caseOps),
      CASE_AUTH_TOKENS: JSON.stringify(
        Object.entries(CALLERS).map(([name, caller]) => ({
          token: tokens[name as CallerName],
          ...caller,
        })),
      ),
      ...options.caseEnv,
    },
  };
  let caseService = spawnService(caseServiceOptions);
  const grpcAddress = `127.0.0.1:${grpcPort}`;
  const clients: CasesClient[] = [];
  let consoleProcess: ChildService | undefined;
  let collector: TopicCollector | undefined;
  const producer = createKafkaClient({
    clientId: `${runId}-producer`,
    brokers: infraUrls().kafkaBrokers,
    logger: pino({ level: 'silent' }),
  }).producer();
  const caseServiceReady = () =>
    waitUntilReady(caseService, `http://127.0.0.1:${caseOps}`, {
      timeoutMs: 60_000,
      extra: async () =>
        (await grpcHealthStatus(grpcAddress, 'vigil.cases.v1.CaseService')) === 'SERVING',
    });
  try {
    await caseServiceReady();
    consoleProcess = spawnService({
      name: 'agent-console',
      script: join(REPO_ROOT, 'services/agent-console/dist/main.js'),
      nodeArgs: [],
      cwd: REPO_ROOT,
      logFile: join(logDir, 'agent-console.log'),
      env: {
        ...base,
        CASE_SERVICE_ADDR: grpcAddress,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        OPS_PORT: String(consoleOps),
        // Plain HTTP on loopback in tests; production keeps the default (Secure).
        COOKIE_SECURE: 'false',
        ...options.consoleEnv,
      },
    });
    await waitUntilReady(consoleProcess, `http://127.0.0.1:${consoleOps}`, { timeoutMs: 60_000 });
    // case-service created both topics at start-up; what it publishes from now on is kept.
    collector = await startTopicCollector(
      createKafkaClient({
        clientId: runId,
        brokers: infraUrls().kafkaBrokers,
        logger: pino({ level: 'silent' }),
      }),
      [topics.commands, topics.feedback],
    );
    await producer.connect();
  } catch (error) {
    await Promise.all([
      caseService.stop(2_000),
      consoleProcess?.stop(2_000),
      collector?.stop(),
      producer.disconnect(),
    ]);
    await pg.cleanup();
    throw error;
  }
  const consoleChild = consoleProcess;
  const kafka = collector;
  return {
    url: `http://127.0.0.1:${httpPort}`,
    pg,
    opsUrl: `http://127.0.0.1:${consoleOps}`,
    grpcAddress,
    caseOpsUrl: `http://127.0.0.1:${caseOps}`,
    tokens,
    topics,
    kafka,
    console: consoleChild,
    async publish(topic, values) {
      await producer.send({
        topic,
        messages: values.map((value) => ({ key: value.accountId, value: JSON.stringify(value) })),
      });
    },
    caseServicePid: () => caseService.pid,
    async restartCaseService() {
      const exit = await caseService.stop(15_000);
      if (exit.code !== 0) throw new Error(`case-service exited ${String(exit.code)} on SIGTERM`);
      caseService = spawnService(caseServiceOptions);
      await caseServiceReady();
    },
    cases(who) {
      const client = createCasesClient({ address: grpcAddress, token: tokens[who] });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.close();
      await kafka.stop();
      await producer.disconnect();
      const consoleExit = await consoleChild.stop(15_000);
      const caseExit = await caseService.stop(15_000);
      await pg.cleanup();
      return { console: consoleExit.code, caseService: caseExit.code };
    },
  };
}

let counter = 0;

/** A review decision as the risk engine raises it; override what the test is about. */
export function decision(
  overrides: Partial<RaiseCaseRequest> & { accountId: string },
): RaiseCaseRequest {
  counter += 1;
  const id = `${Date.now().toString(36)}-${counter}-${randomBytes(3).toString('hex')}`;
  return {
    decisionId: `dec-${id}`,
    eventId: `evt-${id}`,
    eventType: 'transaction',
    score: 75,
    outcome: 'DECISION_OUTCOME_REVIEW',
    reasons: [
      {
        rule: 'cards-per-device-1h',
        score: 40,
        message: '7 distinct card values per device in 1h',
        observed: '7',
        threshold: '5',
      },
      {
        rule: 'single-payment-limit',
        score: 35,
        message: 'payment 125000 JPY over the tier limit 100000',
        observed: '125000',
        threshold: '100000',
      },
    ],
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    decidedAt: new Date(Date.now() - 59_000).toISOString(),
    subject: { transactionId: `tx-${id}`, deviceId: `dev-${id}`, ip: '203.0.113.7' },
    ...overrides,
  };
}

/** The risk.decisions.v1 value of a RaiseCase request: what the engine published beside it. */
export function publishedDecision(request: RaiseCaseRequest & { accountId: string }) {
  return {
    ...request,
    schemaVersion: 1,
    outcome: String(request.outcome ?? 'DECISION_OUTCOME_REVIEW')
      .replace('DECISION_OUTCOME_', '')
      .toLowerCase(),
    shadowReasons: [],
    ruleSetVersion: 'v1',
    subject: request.subject ?? {},
  };
}
