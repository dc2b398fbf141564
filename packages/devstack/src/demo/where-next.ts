import type { RunningStack } from '../stack/start-stack.ts';

/** The "where to look next" block printed after the report. */
export function whereNext(
  stack: RunningStack,
  extra: { labelsFile: string; sampleAccount?: string | undefined; topics: string[] },
): string[] {
  const grpc = stack.caseService.grpcAddress;
  const token = stack.plan.callers.agent.token;
  const list = JSON.stringify({
    statuses: ['CASE_STATUS_OPEN'],
    order: 'LIST_ORDER_MOST_SEVERE_FIRST',
    pageSize: 10,
  });
  return [
    'Where to look next',
    `  metrics    ${[stack.caseService, stack.riskEngine, stack.notifier].map((s) => `${s.name} ${s.opsUrl}/metrics`).join('  ')}`,
    `  readiness  curl ${stack.riskEngine.opsUrl}/readyz   (same path on every ops port)`,
    `  cases CLI  VIGIL_CASES_ADDR=${grpc} VIGIL_CASES_TOKEN=${token} pnpm --filter @vigil/case-service cases list --status open --order severe`,
    `  grpcurl    grpcurl -plaintext -H 'authorization: Bearer ${token}' -d '${list}' ${grpc} vigil.cases.v1.CaseService/ListCases`,
    `             grpcurl -plaintext ${grpc} grpc.health.v1.Health/Check`,
    `  notices    curl '${stack.notifier.httpUrl}/notifications?accountId=${extra.sampleAccount ?? '<accountId>'}'`,
    `  logs       ${stack.caseService.logFile}`,
    `             ${stack.riskEngine.logFile}`,
    `             ${stack.notifier.logFile}`,
    `  labels     ${extra.labelsFile}`,
    `  topics     ${extra.topics.join(', ')}`,
  ];
}
