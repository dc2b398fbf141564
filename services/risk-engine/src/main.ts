import { groupTimings, parseEnv } from '@vigil/config';
import { runService } from '@vigil/lifecycle';
import { startOpsServer, type ReadinessCheck } from '@vigil/observability';
import { createGrpcCaseGateway } from './adapters/grpc-case-gateway.ts';
import { riskEngineEnv } from './env.ts';
import { startRiskEngine } from './risk-engine-app.ts';
import { startRuleSource } from './rule-source.ts';

runService(
  'risk-engine',
  (source) => parseEnv(riskEngineEnv, source),
  async ({ env, logger, registry, shutdown }) => {
    // RULES_FILE, or the version approved at case-service (RULES_SOURCE).
    const rules = await startRuleSource(env, logger, registry);
    process.on('SIGHUP', () => void rules.reload());

    const cases = createGrpcCaseGateway({
      address: env.CASE_SERVICE_ADDR,
      token: env.CASE_SERVICE_TOKEN,
      deadlineMs: env.CASE_SERVICE_DEADLINE_MS,
    });
    // Ops first, so /healthz answers and /readyz says "not ready" while dependencies come up.
    let started = false;
    const checks: ReadinessCheck[] = [
      { name: 'started', check: () => Promise.resolve(started) },
      // From the decisions topic, decisions are made without case-service: its outage is reported
      // (cases wait in the case raiser's lag) but leaves the engine ready. Inline, it stalls it.
      {
        name: 'case_service',
        check: () => cases.ready(),
        gating: env.CASE_RAISING === 'inline',
      },
    ];
    const ops = await startOpsServer({
      port: env.OPS_PORT,
      registry,
      readiness: checks,
      readinessGraceMs: env.READINESS_GRACE_MS,
    });
    const engine = await startRiskEngine(
      env,
      { logger, registry, cases, ruleSet: () => rules.current() },
      groupTimings(env),
    );
    checks.push(...engine.readiness);
    started = true;

    for (const step of engine.stopSteps) shutdown.register(step.name, step.run);
    shutdown.register('case-service client', () => Promise.resolve(cases.close()));
    shutdown.register('rule source', () => rules.close());
    shutdown.register('ops server', () => ops.close());
    logger.info(
      {
        opsPort: ops.port,
        groupId: env.GROUP_ID,
        rules: rules.current().version,
        rulesSource: env.RULES_SOURCE,
        caseRaising: env.CASE_RAISING,
      },
      'risk-engine started',
    );
  },
);
