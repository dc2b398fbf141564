import { randomBytes } from 'node:crypto';

export const SERVICE_NAMES = ['case-service', 'risk-engine', 'notifier'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Wire names of the six topics this stack uses (unique per test, or the v1 names). */
export interface StackTopics {
  transactions: string;
  logins: string;
  accountChanges: string;
  decisions: string;
  accountCommands: string;
  feedback: string;
  /**
   * payments.disputes.v1, read by case-service's label intake. Optional: without it the stack
   * uses `disputesTopic(…)`, a name of the run's own.
   */
  disputes?: string;
}

/** The disputes topic of a stack: its own, or one named after the run (never the shared v1 name). */
export function disputesTopic(topics: StackTopics, runId: string): string {
  return topics.disputes ?? `vigil-${runId}.payments.disputes.v1`;
}

/** The wire names, in catalog order (disputes when the stack names it). */
export function topicList(topics: StackTopics): string[] {
  return [
    topics.transactions,
    topics.logins,
    topics.accountChanges,
    topics.decisions,
    topics.accountCommands,
    topics.feedback,
    ...(topics.disputes === undefined ? [] : [topics.disputes]),
  ];
}

/** Where the notifier delivers; `startLocalSinks()` returns a value of this shape. */
export interface SinkAddresses {
  smtp: { host: string; port: number };
  webhooks: { smsUrl: string; pushUrl: string };
}

export interface StackOptions {
  kafkaBrokers: string[];
  topics: StackTopics;
  redisUrl: string;
  /** Every risk-engine key starts with this. */
  redisKeyPrefix: string;
  /** PostgreSQL URL without a search_path; each service gets its own schema in it. */
  databaseUrl: string;
  caseSchema: string;
  notifierSchema: string;
  sinks: SinkAddresses;
  /** Names this stack's consumer groups, transactional ids, NOTIFY channel and log folder. */
  runId: string;
  /** Folder for `<service>.log`; default `<repo>/.local/devstack/<runId>`. */
  logDir?: string;
  /** Rule-set file for the risk engine (default: services/risk-engine/config/rules.default.yaml). */
  rulesFile?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /** Partitions the risk engine creates missing topics with. */
  topicPartitions?: number;
  readyTimeoutMs?: number;
  /** SHUTDOWN_GRACE_MS of every service; stop() waits this plus a margin before SIGKILL. */
  shutdownGraceMs?: number;
  /** Extra variables per service, applied last (e.g. a shorter RETRY_BASE_MS). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /**
   * Also start the agent console (web app on case-service, signed in with the stack's agent
   * and supervisor tokens). Off by default: the e2e suites do not need a browser front end.
   */
  console?: boolean;
  /** Extra node flags per service, after the start script's (e.g. --cpu-prof for a benchmark). */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
}

export type Role = 'service' | 'agent' | 'supervisor';

export interface Caller {
  token: string;
  principal: string;
  role: Role;
}

/** Everything decided before any process starts: ports, tokens, ids. */
export interface StackPlan {
  options: StackOptions;
  ports: {
    caseGrpc: number;
    caseOps: number;
    riskOps: number;
    notifierHttp: number;
    notifierOps: number;
  };
  callers: { riskEngine: Caller; notifier: Caller; agent: Caller; supervisor: Caller };
  verificationSecret: string;
  /** The notifier's NOTIFIER_READ_TOKEN, which the agent console reads customer notices with. */
  noticesReadToken: string;
  shutdownGraceMs: number;
}

const token = () => randomBytes(24).toString('hex');

export function planStack(options: StackOptions, ports: number[]): StackPlan {
  const [caseGrpc, caseOps, riskOps, notifierHttp, notifierOps] = ports;
  if (
    caseGrpc === undefined ||
    caseOps === undefined ||
    riskOps === undefined ||
    notifierHttp === undefined ||
    notifierOps === undefined
  ) {
    throw new Error('planStack needs five ports');
  }
  return {
    options,
    ports: { caseGrpc, caseOps, riskOps, notifierHttp, notifierOps },
    callers: {
      riskEngine: { token: token(), principal: 'risk-engine', role: 'service' },
      notifier: { token: token(), principal: 'notifier', role: 'service' },
      agent: { token: token(), principal: 'agent-demo', role: 'agent' },
      supervisor: { token: token(), principal: 'supervisor-demo', role: 'supervisor' },
    },
    verificationSecret: randomBytes(32).toString('hex'),
    noticesReadToken: token(),
    shutdownGraceMs: options.shutdownGraceMs ?? 15_000,
  };
}
