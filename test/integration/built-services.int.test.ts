import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  BUILT_ENTRY_POINTS,
  dropSchemas,
  ensureSchemas,
  REPO_ROOT,
  startLocalSinks,
  type LocalSinks,
  type ServiceName,
  type StackPlan,
} from '@vigil/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltService, type BuiltServiceProcess } from './support/built-service-process.ts';
import { builtStackPlan, deleteRunKeys, opsUrl, serviceEnv } from './support/stack-env.ts';

// What ships is the build (`pnpm build` → services/<svc>/dist): each service started as
// `node dist/main.js`, no tsx, becomes ready and drains on SIGTERM to its own PID with exit 0.
// The Kubernetes commands are run as a shell-form container entry would (`sh -c 'exec …'`):
// exec makes node the process that gets the signal; pnpm or a plain `sh -c` in between would not
// pass it on, so neither may be PID 1.

const GRACE_MS = 15_000;
const started: BuiltServiceProcess[] = [];
let sinks: LocalSinks;
let plan: StackPlan;

beforeAll(async () => {
  // dist/ is built once per run by the integration project's global setup (build-services.ts),
  // never here: rebuilding would delete it under the e2e tests' services.
  sinks = await startLocalSinks();
  plan = await builtStackPlan(sinks, GRACE_MS);
  await ensureSchemas(plan.options.databaseUrl, [
    plan.options.caseSchema,
    plan.options.notifierSchema,
  ]);
});

afterAll(async () => {
  await Promise.all(started.map((service) => service.terminate(5_000)));
  await sinks?.close();
  if (plan) {
    await dropSchemas(plan.options.databaseUrl, [
      plan.options.caseSchema,
      plan.options.notifierSchema,
    ]);
    await deleteRunKeys(plan);
  }
});

function start(name: ServiceName, command: string, args: string[]): BuiltServiceProcess {
  const service = startBuiltService({ command, args, cwd: REPO_ROOT, env: serviceEnv(name, plan) });
  started.push(service);
  return service;
}

async function expectCleanDrain(service: BuiltServiceProcess): Promise<void> {
  const exit = await service.terminate(GRACE_MS + 5_000);
  expect(exit, service.tail()).toEqual({ code: 0, signal: null });
  const done = service.lines.find((line) => line.msg === 'shutdown complete');
  expect(done, service.tail()).toMatchObject({ reason: 'SIGTERM', failed: false });
}

/** The container command the Kubernetes manifest gives `name`. */
function manifestCommand(name: ServiceName): string[] {
  const doc = parse(
    readFileSync(join(REPO_ROOT, 'deploy/k8s', `${name}.yaml`), 'utf8').split(/^---$/m)[0]!,
  ) as {
    spec: { template: { spec: { containers: { command: string[] }[] } } };
  };
  return doc.spec.template.spec.containers[0]!.command;
}

/** The node arguments the devstack (demo, e2e) runs each built service with. */
const NODE_ARGS = Object.fromEntries(
  Object.entries(BUILT_ENTRY_POINTS).map(([name, { nodeArgs, script }]) => [
    name,
    [...nodeArgs, script],
  ]),
) as Record<ServiceName, string[]>;

describe('built services', () => {
  it('run as `node dist/main.js` without tsx and drain on SIGTERM with exit 0', async () => {
    const cases = start('case-service', process.execPath, NODE_ARGS['case-service']);
    await cases.ready(opsUrl(plan, 'case-service'));
    // Both need case-service; neither needs the other.
    const others = (['risk-engine', 'notifier'] as const).map((name) => {
      const service = start(name, process.execPath, NODE_ARGS[name]);
      return { name, service };
    });
    await Promise.all(others.map(({ name, service }) => service.ready(opsUrl(plan, name))));
    for (const service of [cases, ...others.map((o) => o.service)]) {
      expect(readFileSync(`/proc/${String(service.pid)}/cmdline`, 'utf8')).not.toContain('tsx');
    }
    await Promise.all(others.map(({ service }) => expectCleanDrain(service)));
    await expectCleanDrain(cases);
  });

  it("the manifests' commands, as `sh -c 'exec …'`, make node the signalled process", async () => {
    const shellForm = (name: ServiceName) => {
      const command = manifestCommand(name);
      expect(command).toEqual(['node', ...NODE_ARGS[name]]);
      // exec: sh replaces itself with node, so the PID the signal goes to is node's.
      return start(name, 'sh', ['-c', 'exec "$@"', 'sh', ...command]);
    };
    const cases = shellForm('case-service');
    await cases.ready(opsUrl(plan, 'case-service'));
    const risk = shellForm('risk-engine');
    const notifier = shellForm('notifier');
    await Promise.all([
      risk.ready(opsUrl(plan, 'risk-engine')),
      notifier.ready(opsUrl(plan, 'notifier')),
    ]);
    for (const service of [cases, risk, notifier]) expect(service.command()).toBe('node');
    await Promise.all([expectCleanDrain(risk), expectCleanDrain(notifier)]);
    await expectCleanDrain(cases);
  });
});
