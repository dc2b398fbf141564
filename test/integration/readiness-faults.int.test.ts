import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { BUILT_ENTRY_POINTS, freePorts, REPO_ROOT } from '@vigil/devstack';
import type { ReadinessReport } from '@vigil/observability';
import { tcpReachable, waitFor } from '@vigil/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startBuiltService, type BuiltServiceProcess } from './support/built-service-process.ts';
import { builtStackPlan, deleteRunTopics, NO_SINKS, serviceEnv } from './support/stack-env.ts';

// /readyz of a built risk-engine while its dependencies fail: a Redis of the test's own is killed
// (SIGKILL) and started again on the same port, and a second replica joins and leaves the group.
// A failure shows in "failing" at once, turns /readyz 503 only past READINESS_GRACE_MS, and 200
// comes back with the dependency; a rebalance shorter than the grace never makes it 503.

const GRACE_MS = 3_000;
const POLL_MS = 200;

interface Sample {
  at: number;
  status: number;
  report?: ReadinessReport;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/** A redis-server on a loopback TCP port, startable again on the same port (no persistence). */
function privateRedis(port: number) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-readiness-redis-'));
  let server: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir],
      { stdio: 'ignore' },
    );
    server = child;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const probe = async () => ((await tcpReachable('127.0.0.1', port)) ? true : undefined);
    await waitFor(probe, { timeoutMs: 10_000, what: `redis-server on ${String(port)}` });
  };
  const kill = async () => {
    server?.kill('SIGKILL');
    await exited;
  };
  cleanups.push(async () => {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  });
  return { start, kill };
}

/** One /readyz answer, timed when it arrived (a check may take its 2 s timeout to fail). */
async function readyz(ops: string): Promise<Sample> {
  try {
    const response = await fetch(`${ops}/readyz`, { signal: AbortSignal.timeout(3_000) });
    const report = (await response.json()) as ReadinessReport;
    return { at: Date.now(), status: response.status, report };
  } catch {
    return { at: Date.now(), status: 0 };
  }
}

/** Reasons of the gating checks failing (case_service does not gate: cases via the topic). */
const gatingFailures = (sample: Sample) =>
  Object.entries(sample.report?.failing ?? {})
    .filter(([name]) => name !== 'case_service')
    .map(([name, failing]) => `${name}: ${failing.reason}`);

/** Polls /readyz until `done` holds for a sample; returns every sample taken. */
async function pollUntil(
  ops: string,
  done: (sample: Sample) => boolean,
  timeoutMs: number,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const sample = await readyz(ops);
    samples.push(sample);
    if (done(sample)) return samples;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`/readyz never reached the state; last: ${JSON.stringify(samples.at(-1))}`);
}

describe('risk-engine readiness under faults (built process)', () => {
  it('turns 503 past the grace while its Redis is down, with the reason, and 200 again after', async () => {
    const plan = await builtStackPlan(NO_SINKS, 10_000);
    plan.options.topicPartitions = 2;
    const [redisPort, opsPort, secondOpsPort] = await freePorts(3);
    const redis = privateRedis(redisPort!);
    await redis.start();
    const { nodeArgs, script } = BUILT_ENTRY_POINTS['risk-engine'];
    const env = {
      ...serviceEnv('risk-engine', plan),
      REDIS_URL: `redis://127.0.0.1:${String(redisPort)}`,
      READINESS_GRACE_MS: String(GRACE_MS),
    };
    const replicas: BuiltServiceProcess[] = [];
    const startReplica = async (port: number) => {
      const replica = startBuiltService({
        command: process.execPath,
        args: [...nodeArgs, script],
        cwd: REPO_ROOT,
        env: { ...env, OPS_PORT: String(port) },
      });
      replicas.push(replica);
      const ops = `http://127.0.0.1:${String(port)}`;
      await replica.ready(ops, 90_000);
      return { replica, ops };
    };
    cleanups.push(async () => {
      await Promise.all(replicas.map((replica) => replica.terminate(10_000)));
      await deleteRunTopics(
        new Kafka({ brokers: plan.options.kafkaBrokers, logLevel: logLevel.NOTHING }),
        plan,
      );
    });

    const first = await startReplica(opsPort!);

    // Redis killed: reported failing at once, 503 only once the grace is over.
    const killedAt = Date.now();
    await redis.kill();
    const outage = await pollUntil(first.ops, (s) => s.status === 503, GRACE_MS + 10_000);
    const notReady = outage.at(-1)!;
    const firstFailing = outage.find((s) => s.report?.failing?.redis !== undefined);
    expect(firstFailing?.status).toBe(200);
    expect(notReady.report?.failing?.redis).toMatchObject({ unready: true });
    expect(notReady.report?.failing?.redis?.reason).toBeTruthy();
    expect(notReady.at - killedAt).toBeGreaterThanOrEqual(GRACE_MS);

    // Redis back on the same port: ready again once the client reconnected.
    const restartedAt = Date.now();
    await redis.start();
    const recovery = await pollUntil(first.ops, (s) => s.status === 200, 30_000);
    const readyAgainAt = recovery.at(-1)!.at;

    // A second replica joins the group and leaves it again (SIGTERM): two rebalances of the
    // first, each shorter than the grace: never 503.
    const during: Sample[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        during.push(await readyz(first.ops));
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    })();
    const second = await startReplica(secondOpsPort!);
    const terminated = await second.replica.terminate(15_000);
    await new Promise((resolve) => setTimeout(resolve, 2 * GRACE_MS));
    watching = false;
    await watcher;
    const rebalanced = first.replica.lines.filter(
      (line) => line.msg === 'processing units assigned',
    ).length;
    const seenFailing = during.filter((s) => gatingFailures(s).length > 0);

    console.log(
      [
        `redis killed → redis "failing" on /readyz (still 200) after ${String((firstFailing?.at ?? NaN) - killedAt)} ms, 503 after ${String(notReady.at - killedAt)} ms (grace ${String(GRACE_MS)} ms): ${gatingFailures(notReady).join('; ')}`,
        `redis restarted → 200 after ${String(readyAgainAt - restartedAt)} ms`,
        `second replica joined and left (exit ${String(terminated.code)}): first replica assigned ${String(rebalanced)} times, ${String(during.length)} samples, ${String(seenFailing.length)} with a failing check (${[...new Set(seenFailing.flatMap(gatingFailures))].join('; ')}), statuses ${[...new Set(during.map((s) => s.status))].join(',')}`,
      ].join('\n'),
    );
    expect(terminated.code).toBe(0);
    expect(rebalanced).toBeGreaterThanOrEqual(2);
    expect(during.every((s) => s.status === 200)).toBe(true);
  }, 240_000);
});
