import type { SampleLink } from './sample-links.ts';
import type { RunningStack, ServiceHandle } from '../stack/start-stack.ts';

type Service = Pick<ServiceHandle, 'name' | 'opsUrl' | 'logFile'>;

/** The parts of the running stack the pointers name. */
export interface WhereNextStack {
  plan: {
    callers: Pick<RunningStack['plan']['callers'], 'agent'>;
    options: Pick<
      RunningStack['plan']['options'],
      'databaseUrl' | 'caseSchema' | 'kafkaBrokers' | 'redisUrl' | 'redisKeyPrefix'
    >;
  };
  caseService: Service & { grpcAddress: string };
  riskEngine: Service;
  notifier: Service & { httpUrl: string };
}

export interface WhereNextExtra {
  labelsFile: string;
  topics: string[];
  /** The run's three input topics, which a backtest reads its history from. */
  inputTopics: { transactions: string; logins: string; accountChanges: string };
  /** The simulated period in event time (epoch ms) and the benign history before it. */
  period: { from: number; to: number; warmupMs: number };
  /** The capture page of the local sinks (every message customers were sent). */
  captureUrl: string;
  /** One verification link per language, from the captured messages. */
  samples: SampleLink[];
  /** A customer who was sent something, and their account, for the notices pointers. */
  noticed?: { accountId: string; to: string } | undefined;
}

/** The "where to look next" block printed after the report. */
export function whereNext(stack: WhereNextStack, extra: WhereNextExtra): string[] {
  const grpc = stack.caseService.grpcAddress;
  const token = stack.plan.callers.agent.token;
  const list = JSON.stringify({
    statuses: ['CASE_STATUS_OPEN'],
    order: 'LIST_ORDER_MOST_SEVERE_FIRST',
    pageSize: 10,
  });
  const { options } = stack.plan;
  const { inputTopics, period } = extra;
  // The run's own topics and event times: what a rule-set change would have done to this traffic.
  const backtest =
    `KAFKA_BROKERS=${options.kafkaBrokers.join(',')} TOPIC_TRANSACTIONS=${inputTopics.transactions} ` +
    `TOPIC_LOGINS=${inputTopics.logins} TOPIC_ACCOUNT_CHANGES=${inputTopics.accountChanges} ` +
    `pnpm --filter @vigil/risk-engine backtest --rules candidate.yaml ` +
    `--from ${new Date(period.from).toISOString()} --to ${new Date(period.to).toISOString()} ` +
    `--warmup ${Math.ceil(period.warmupMs / 60_000)}m --labels ${extra.labelsFile}`;
  const noticed = extra.noticed;
  const notices =
    noticed === undefined
      ? ['  notices    none were sent in this run']
      : [
          `  notices    ${extra.captureUrl}?to=${encodeURIComponent(noticed.to)}   what ${noticed.accountId} was sent`,
          `             curl '${stack.notifier.httpUrl}/notifications?accountId=${encodeURIComponent(noticed.accountId)}'   their notices' delivery status`,
        ];
  const width = Math.max(0, ...extra.samples.map((s) => s.language.length));
  const verify =
    extra.samples.length === 0
      ? ['  verify     no verification request was sent in this run']
      : extra.samples.map(
          (sample, index) =>
            `${index === 0 ? '  verify     ' : '             '}${sample.language.padEnd(width)}  ${sample.link}`,
        );
  return [
    'Where to look next',
    `  customers  ${extra.captureUrl}   every email, SMS and push sent, newest first (JSON: ${extra.captureUrl}messages.json)`,
    ...verify,
    ...notices,
    `  metrics    ${[stack.caseService, stack.riskEngine, stack.notifier].map((s) => `${s.name} ${s.opsUrl}/metrics`).join('  ')}`,
    `  readiness  curl ${stack.riskEngine.opsUrl}/readyz   (same path on every ops port)`,
    `  cases CLI  VIGIL_CASES_ADDR=${grpc} VIGIL_CASES_TOKEN=${token} pnpm --filter @vigil/case-service cases list --status open --order severe`,
    `  quality    DATABASE_URL=${options.databaseUrl} DATABASE_SCHEMA=${options.caseSchema} pnpm --filter @vigil/case-service cases quality --days 7`,
    `  lists      REDIS_URL=${options.redisUrl} REDIS_KEY_PREFIX=${options.redisKeyPrefix} pnpm --filter @vigil/risk-engine lists add deny device <deviceId> --ttl 90d`,
    `             (then \`lists show deny device <deviceId>\`: in force, and until when)`,
    `  backtest   ${backtest}`,
    `             (copy services/risk-engine/config/rules.default.yaml to candidate.yaml and change a rule first)`,
    `  grpcurl    grpcurl -plaintext -H 'authorization: Bearer ${token}' -d '${list}' ${grpc} vigil.cases.v1.CaseService/ListCases`,
    `             grpcurl -plaintext ${grpc} grpc.health.v1.Health/Check`,
    `  logs       ${stack.caseService.logFile}`,
    `             ${stack.riskEngine.logFile}`,
    `             ${stack.notifier.logFile}`,
    `  labels     ${extra.labelsFile}`,
    `  topics     ${extra.topics.join(', ')}`,
  ];
}
