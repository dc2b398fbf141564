import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCasesClient, type CasesClient } from '@vigil/protos';
import { freePorts } from '@vigil/testing';
import { spawnService, type ChildService, type ExitResult } from './child-service.ts';
import { ensureSchemas } from './pg-schemas.ts';
import { grpcHealthStatus, waitUntilReady } from './readiness.ts';
import { agentConsoleEnv, serviceEnv } from './service-env.ts';
import {
  planStack,
  SERVICE_NAMES,
  type Role,
  type ServiceName,
  type StackOptions,
  type StackPlan,
} from './stack-plan.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CASE_SERVICE_NAME = 'vigil.cases.v1.CaseService';

export interface ServiceHandle {
  name: ServiceName;
  pid: number;
  logFile: string;
  opsUrl: string;
  /** The service's Prometheus exposition text. */
  metrics(): Promise<string>;
}

export interface RunningStack {
  runId: string;
  logDir: string;
  plan: StackPlan;
  caseService: ServiceHandle & { grpcAddress: string };
  riskEngine: ServiceHandle;
  notifier: ServiceHandle & { httpUrl: string; verifyUrl: string };
  /** The agent console, when `console: true`: open `url` and sign in with a plan.callers token. */
  console?: { pid: number; logFile: string; opsUrl: string; url: string };
  /** A CaseService client authenticated with the stack's token for `role` (agent by default). */
  casesClient(role?: Role): CasesClient;
  /** kill -9 of the risk engine (a crash: nothing drains, nothing commits); resolves once it is gone. */
  killRiskEngine(): Promise<ExitResult>;
  /** Starts a new risk-engine process with the same settings; resolves once it is ready. */
  restartRiskEngine(): Promise<void>;
  /**
   * Starts one more risk-engine replica (same settings and groups, an ops port of its own):
   * the group rebalances and the units are split between the replicas. Resolves once it is
   * ready; stop() drains it with the others.
   */
  addRiskEngineReplica(): Promise<ServiceHandle>;
  /** SIGTERMs risk-engine and notifier, then case-service; throws unless every exit code is 0. */
  stop(): Promise<Record<ServiceName, ExitResult>>;
}

export class StackStopError extends Error {
  constructor(
    readonly exits: Record<ServiceName, ExitResult>,
    logs: string,
  ) {
    super(`not every service drained cleanly: ${JSON.stringify(exits)}\n${logs}`);
    this.name = 'StackStopError';
  }
}

/**
 * What ships: each service built (`pnpm build`) and run as its start script and the image run it,
 * `node [flags] services/<svc>/dist/main.js`.
 */
export const BUILT_ENTRY_POINTS: Record<ServiceName, { nodeArgs: string[]; script: string }> = {
  'case-service': { nodeArgs: [], script: 'services/case-service/dist/main.js' },
  'risk-engine': {
    nodeArgs: ['--max-semi-space-size=64'],
    script: 'services/risk-engine/dist/main.js',
  },
  notifier: { nodeArgs: [], script: 'services/notifier/dist/main.js' },
};
const CONSOLE_SCRIPT = 'services/agent-console/dist/main.js';

/** Fails before anything starts when a service was not built. */
function requireBuilt(withConsole: boolean): void {
  const missing = Object.values(BUILT_ENTRY_POINTS)
    .map(({ script }) => script)
    .concat(withConsole ? [CONSOLE_SCRIPT] : [])
    .filter((script) => !existsSync(join(REPO_ROOT, script)));
  if (missing.length > 0)
    throw new Error(`not built: ${missing.join(', ')} — run \`pnpm build\` first`);
}

function handle(child: ChildService, name: ServiceName, opsPort: number): ServiceHandle {
  const opsUrl = `http://127.0.0.1:${opsPort}`;
  return {
    name,
    pid: child.pid,
    logFile: child.logFile,
    opsUrl,
    metrics: async () => (await fetch(`${opsUrl}/metrics`)).text(),
  };
}

/**
 * Starts case-service, then risk-engine and notifier, as real child processes against the given
 * Kafka, Redis, PostgreSQL and sinks, and resolves once every /readyz (and case-service's gRPC
 * health) says ready. On a start-up failure every started child is killed before it throws.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  requireBuilt(options.console === true);
  // One call for every port of the stack: ports are only distinct within a call (none is bound
  // until its service starts), and two calls handed the console the risk engine's ops port once.
  const ports = await freePorts(options.console ? 7 : 5);
  const plan = planStack(options, ports.slice(0, 5));
  const consolePorts = ports.slice(5);
  const logDir = options.logDir ?? join(REPO_ROOT, '.local', 'devstack', options.runId);
  mkdirSync(logDir, { recursive: true });
  await ensureSchemas(options.databaseUrl, [options.caseSchema, options.notifierSchema]);

  const children = new Map<ServiceName, ChildService>();
  /** A built service as a child process; `as` names another instance of it (its log file too). */
  const spawnBuilt = (
    name: ServiceName,
    instance: { as: string; env: Record<string, string> } = { as: name, env: {} },
  ) =>
    spawnService({
      name: instance.as,
      script: join(REPO_ROOT, BUILT_ENTRY_POINTS[name].script),
      nodeArgs: [...BUILT_ENTRY_POINTS[name].nodeArgs, ...(plan.options.nodeArgs?.[name] ?? [])],
      cwd: REPO_ROOT,
      env: { ...serviceEnv(name, plan), ...instance.env },
      logFile: join(logDir, `${instance.as}.log`),
    });
  const spawnOne = (name: ServiceName) => {
    const child = spawnBuilt(name);
    children.set(name, child);
    return child;
  };
  let consoleChild: ChildService | undefined;
  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  const grpcAddress = `127.0.0.1:${plan.ports.caseGrpc}`;
  try {
    const cases = spawnOne('case-service');
    await waitUntilReady(cases, `http://127.0.0.1:${plan.ports.caseOps}`, {
      timeoutMs,
      extra: async () => (await grpcHealthStatus(grpcAddress, CASE_SERVICE_NAME)) === 'SERVING',
    });
    // All need case-service; none needs another.
    const risk = spawnOne('risk-engine');
    const notifier = spawnOne('notifier');
    const [http, ops] = consolePorts;
    if (http !== undefined && ops !== undefined) {
      consoleChild = spawnService({
        name: 'agent-console',
        script: join(REPO_ROOT, CONSOLE_SCRIPT),
        nodeArgs: [],
        cwd: REPO_ROOT,
        env: agentConsoleEnv(plan, { http, ops }),
        logFile: join(logDir, 'agent-console.log'),
      });
    }
    await Promise.all([
      waitUntilReady(risk, `http://127.0.0.1:${plan.ports.riskOps}`, { timeoutMs }),
      waitUntilReady(notifier, `http://127.0.0.1:${plan.ports.notifierOps}`, { timeoutMs }),
      consoleChild && waitUntilReady(consoleChild, `http://127.0.0.1:${ops}`, { timeoutMs }),
    ]);
  } catch (error) {
    await Promise.all(
      [...children.values(), ...(consoleChild ? [consoleChild] : [])].map((child) =>
        child.stop(2_000),
      ),
    );
    throw error;
  }

  const clients: CasesClient[] = [];
  /** Risk-engine replicas beyond the first (addRiskEngineReplica). */
  const replicas: ChildService[] = [];
  const child = (name: ServiceName) => children.get(name)!;
  const tokenFor: Record<Role, string> = {
    agent: plan.callers.agent.token,
    supervisor: plan.callers.supervisor.token,
    service: plan.callers.riskEngine.token,
  };
  let stopped: Promise<Record<ServiceName, ExitResult>> | undefined;
  const stopAll = async () => {
    for (const client of clients) client.close();
    // Grace plus a margin: a service that needs longer than its own grace period is a finding.
    const limit = plan.shutdownGraceMs + 5_000;
    const [risk, notifier, consoleExit, ...replicaExits] = await Promise.all([
      child('risk-engine').stop(limit),
      child('notifier').stop(limit),
      consoleChild?.stop(limit),
      ...replicas.map((replica) => replica.stop(limit)),
    ]);
    const cases = await child('case-service').stop(limit);
    const exits: Record<ServiceName, ExitResult> = {
      'case-service': cases,
      'risk-engine': risk,
      notifier,
    };
    const failed = SERVICE_NAMES.filter((name) => exits[name].code !== 0);
    replicaExits.forEach((exit, i) => {
      const replica = replicas[i]!;
      if (exit?.code !== 0)
        throw new Error(
          `${replica.name} did not drain cleanly: ${JSON.stringify(exit)}\n${replica.tail()}`,
        );
    });
    if (consoleExit && consoleExit.code !== 0 && consoleChild)
      throw new Error(
        `agent-console did not drain cleanly: ${JSON.stringify(consoleExit)}\n${consoleChild.tail()}`,
      );
    if (failed.length > 0) {
      throw new StackStopError(
        exits,
        failed
          .map((name) => `--- ${name} (${child(name).logFile})\n${child(name).tail()}`)
          .join('\n'),
      );
    }
    return exits;
  };
  const running: RunningStack = {
    runId: options.runId,
    logDir,
    plan,
    caseService: {
      ...handle(child('case-service'), 'case-service', plan.ports.caseOps),
      grpcAddress,
    },
    riskEngine: handle(child('risk-engine'), 'risk-engine', plan.ports.riskOps),
    notifier: {
      ...handle(child('notifier'), 'notifier', plan.ports.notifierOps),
      httpUrl: `http://127.0.0.1:${plan.ports.notifierHttp}`,
      verifyUrl: `http://127.0.0.1:${plan.ports.notifierHttp}/verify`,
    },
    ...(consoleChild && consolePorts[0] !== undefined
      ? {
          console: {
            pid: consoleChild.pid,
            logFile: consoleChild.logFile,
            opsUrl: `http://127.0.0.1:${consolePorts[1]}`,
            url: `http://127.0.0.1:${consolePorts[0]}/`,
          },
        }
      : {}),
    killRiskEngine: () => child('risk-engine').kill(),
    async restartRiskEngine() {
      if (child('risk-engine').isRunning()) throw new Error('risk-engine is still running');
      const risk = spawnOne('risk-engine');
      try {
        await waitUntilReady(risk, `http://127.0.0.1:${plan.ports.riskOps}`, { timeoutMs });
      } catch (error) {
        await risk.stop(2_000);
        throw error;
      }
      Object.assign(running.riskEngine, { pid: risk.pid });
    },
    async addRiskEngineReplica() {
      const [opsPort] = await freePorts(1);
      if (opsPort === undefined) throw new Error('no free port for a risk-engine replica');
      const replica = spawnBuilt('risk-engine', {
        as: `risk-engine-${replicas.length + 2}`,
        env: { OPS_PORT: String(opsPort) },
      });
      try {
        await waitUntilReady(replica, `http://127.0.0.1:${opsPort}`, { timeoutMs });
      } catch (error) {
        await replica.stop(2_000);
        throw error;
      }
      replicas.push(replica);
      return handle(replica, 'risk-engine', opsPort);
    },
    casesClient(role = 'agent') {
      const client = createCasesClient({ address: grpcAddress, token: tokenFor[role] });
      clients.push(client);
      return client;
    },
    stop: () => (stopped ??= stopAll()),
  };
  return running;
}
