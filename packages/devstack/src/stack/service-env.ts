import { fileURLToPath } from 'node:url';
import { stackGroupIds } from './stack-kafka-names.ts';
import { disputesTopic, type ServiceName, type StackPlan } from './stack-plan.ts';

/** The local stack's stand-in brand for the verification pages (a made-up name, phone and site). */
const DEMO_BRAND = {
  BRAND_NAME: 'Vigil Pay',
  BRAND_LOGO_FILE: fileURLToPath(new URL('../../assets/brand-logo.svg', import.meta.url)),
  // Ofcom's range for drama: a number that reaches nobody.
  BRAND_SUPPORT_PHONE: '+44 20 7946 0000',
  BRAND_SUPPORT_URL: 'https://support.vigil.example/',
};

/** Only what a service needs from the parent: no stray SMTP_USER or DATABASE_URL leaks in. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'NODE_EXTRA_CA_CERTS', 'SystemRoot'];

function inherited(parent: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = parent[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function common(plan: StackPlan, opsPort: number): Record<string, string> {
  return {
    LOG_LEVEL: plan.options.logLevel ?? 'info',
    OPS_PORT: String(opsPort),
    SHUTDOWN_GRACE_MS: String(plan.shutdownGraceMs),
    KAFKA_BROKERS: plan.options.kafkaBrokers.join(','),
    // Every service ensures the topics it uses; whichever starts first, the counts agree.
    CREATE_TOPICS: 'true',
    TOPIC_PARTITIONS: String(plan.options.topicPartitions ?? 3),
  };
}

export function caseServiceEnv(plan: StackPlan): Record<string, string> {
  const { options, callers } = plan;
  return {
    ...common(plan, plan.ports.caseOps),
    DATABASE_URL: options.databaseUrl,
    DATABASE_SCHEMA: options.caseSchema,
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: String(plan.ports.caseGrpc),
    KAFKA_CLIENT_ID: `case-service-${options.runId}`,
    FEEDBACK_TOPIC: options.topics.feedback,
    ACCOUNT_COMMANDS_TOPIC: options.topics.accountCommands,
    // The label intake reads decisions, answers and disputes in a group of the run's own.
    DECISIONS_TOPIC: options.topics.decisions,
    DISPUTES_TOPIC: disputesTopic(options.topics, options.runId),
    LABELS_GROUP_ID: stackGroupIds(options.runId).caseServiceLabels,
    LABEL_QUALITY_REFRESH_MS: '5000',
    CASE_AUTH_TOKENS: JSON.stringify(Object.values(callers)),
    // NOTIFY channels are database-wide: two stacks on one PostgreSQL must not hear each other.
    CASE_CHANGES_CHANNEL: `changes_${options.runId}`
      .toLowerCase()
      .replace(/[^a-z0-9_]/g, '_')
      .slice(0, 63),
    OUTBOX_POLL_MS: '100',
    HEALTH_CHECK_MS: '500',
  };
}

export function riskEngineEnv(plan: StackPlan): Record<string, string> {
  const { options } = plan;
  return {
    ...common(plan, plan.ports.riskOps),
    GROUP_ID: stackGroupIds(options.runId).riskEngine,
    FEEDBACK_GROUP_ID: stackGroupIds(options.runId).riskEngineFeedback,
    CASE_RAISER_GROUP_ID: stackGroupIds(options.runId).riskEngineCases,
    TRANSACTIONAL_ID_PREFIX: `risk-engine-${options.runId}`,
    TOPIC_TRANSACTIONS: options.topics.transactions,
    TOPIC_LOGINS: options.topics.logins,
    TOPIC_ACCOUNT_CHANGES: options.topics.accountChanges,
    TOPIC_DECISIONS: options.topics.decisions,
    TOPIC_ACCOUNT_COMMANDS: options.topics.accountCommands,
    TOPIC_FEEDBACK: options.topics.feedback,
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: options.redisKeyPrefix,
    CASE_SERVICE_ADDR: `127.0.0.1:${plan.ports.caseGrpc}`,
    CASE_SERVICE_TOKEN: plan.callers.riskEngine.token,
    ...(options.rulesFile === undefined ? {} : { RULES_FILE: options.rulesFile }),
  };
}

export function notifierEnv(plan: StackPlan): Record<string, string> {
  const { options } = plan;
  return {
    ...common(plan, plan.ports.notifierOps),
    KAFKA_CLIENT_ID: `notifier-${options.runId}`,
    KAFKA_GROUP_ID: stackGroupIds(options.runId).notifier,
    DECISIONS_TOPIC: options.topics.decisions,
    FEEDBACK_TOPIC: options.topics.feedback,
    ACCOUNT_COMMANDS_TOPIC: options.topics.accountCommands,
    DATABASE_URL: options.databaseUrl,
    DATABASE_SCHEMA: options.notifierSchema,
    HTTP_PORT: String(plan.ports.notifierHttp),
    PUBLIC_VERIFY_URL: `http://127.0.0.1:${plan.ports.notifierHttp}/verify`,
    VERIFICATION_SECRET: plan.verificationSecret,
    // The agent console's case page lists the customer's notices through the read API.
    NOTIFIER_READ_TOKEN: plan.noticesReadToken,
    SMTP_HOST: options.sinks.smtp.host,
    SMTP_PORT: String(options.sinks.smtp.port),
    SMS_WEBHOOK_URL: options.sinks.webhooks.smsUrl,
    PUSH_WEBHOOK_URL: options.sinks.webhooks.pushUrl,
    // Local sinks answer at once; a short poll keeps the demo and the e2e test snappy.
    DISPATCH_POLL_MS: '200',
    RETRY_BASE_MS: '1000',
    // The demo replays hours in about a minute and the e2e tests wait seconds, not the 30 s a
    // burst is gathered for in production.
    NOTICE_GATHER_MS: '2000',
    CASE_SERVICE_ADDR: `127.0.0.1:${plan.ports.caseGrpc}`,
    CASE_SERVICE_TOKEN: plan.callers.notifier.token,
    ...DEMO_BRAND,
  };
}

/** The agent console: plain HTTP on loopback, so its session cookie cannot be Secure here. */
export function agentConsoleEnv(
  plan: StackPlan,
  ports: { http: number; ops: number },
  parent: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return {
    ...inherited(parent),
    LOG_LEVEL: plan.options.logLevel ?? 'info',
    OPS_PORT: String(ports.ops),
    SHUTDOWN_GRACE_MS: String(plan.shutdownGraceMs),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(ports.http),
    CASE_SERVICE_ADDR: `127.0.0.1:${plan.ports.caseGrpc}`,
    COOKIE_SECURE: 'false',
    NOTIFIER_URL: `http://127.0.0.1:${plan.ports.notifierHttp}`,
    NOTIFIER_READ_TOKEN: plan.noticesReadToken,
  };
}

export function serviceEnv(
  name: ServiceName,
  plan: StackPlan,
  parent: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const own = {
    'case-service': caseServiceEnv,
    'risk-engine': riskEngineEnv,
    notifier: notifierEnv,
  }[name](plan);
  return { ...inherited(parent), ...own, ...(plan.options.env?.[name] ?? {}) };
}
