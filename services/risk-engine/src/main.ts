import { groupTimings, parseEnv } from '@vigil/config';
import { runService } from '@vigil/lifecycle';
import { startOpsServer, type ReadinessCheck } from '@vigil/observability';
import { createGrpcCaseGateway } from './adapters/grpc-case-gateway.ts';
import { RuleSetReloader } from './adapters/rule-set-file.ts';
import { riskEngineEnv } from './env.ts';
import { startRiskEngine } from './risk-engine-app.ts';

runService(
  'risk-engine',
  (source) => parseEnv(riskEngineEnv, source),
  async ({ env, logger, registry, shutdown }) => {
    const rules = await RuleSetReloader.start({
      path: env.RULES_FILE,
      onReload: (next, previous) =>
        logger.info({ version: next.version, previous: previous.version }, 'rule set reloaded'),
      onError: (error) =>
        logger.error(
          { err: error, path: env.RULES_FILE },
          'rule set rejected; previous set stays in force',
        ),
    });
    process.on('SIGHUP', () => void rules.reload());
    logger.info({ version: rules.current().version, path: env.RULES_FILE }, 'rule set loaded');

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
    const ops = await startOpsServer({ port: env.OPS_PORT, registry, readiness: checks });
    const engine = await startRiskEngine(
      env,
      { logger, registry, cases, ruleSet: () => rules.current() },
      groupTimings(env),
    );
    checks.push(...engine.readiness);
    started = true;

    for (const step of engine.stopSteps) shutdown.register(step.name, step.run);
    shutdown.register('case-service client', () => Promise.resolve(cases.close()));
    shutdown.register('rule watcher', () => Promise.resolve(rules.close()));
    shutdown.register('ops server', () => ops.close());
    logger.info(
      {
        opsPort: ops.port,
        groupId: env.GROUP_ID,
        rules: rules.current().version,
        caseRaising: env.CASE_RAISING,
      },
      'risk-engine started',
    );
  },
);
