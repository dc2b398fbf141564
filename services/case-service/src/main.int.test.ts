import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPgFixture, infraUrls, uniqueName, waitFor, type PgFixture } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCasesClient } from './client/cases-client.ts';
import { decision } from './test-support/case-harness.ts';

// The real entry point as a process: env parsing, migrations on start, gRPC + ops servers, and
// a SIGTERM drain that exits 0.
const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');

let pg: PgFixture;
let child: ChildProcess;
const lines: Record<string, unknown>[] = [];
const serviceToken = randomBytes(18).toString('hex');

beforeAll(async () => {
  pg = await createPgFixture();
  child = spawn(tsx, [join(here, 'main.ts')], {
    env: {
      ...process.env,
      // No search_path in the URL: DATABASE_SCHEMA alone puts the tables in the test's schema.
      DATABASE_URL: infraUrls().databaseUrl,
      DATABASE_SCHEMA: pg.schema,
      KAFKA_BROKERS: infraUrls().kafkaBrokers.join(','),
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: '0',
      OPS_PORT: '0',
      LOG_LEVEL: 'info',
      CASE_CHANGES_CHANNEL: uniqueName('main_changes'),
      CASE_AUTH_TOKENS: JSON.stringify([
        { token: serviceToken, principal: 'risk-engine', role: 'service' },
      ]),
      SHUTDOWN_GRACE_MS: '10000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts)
      if (part.trim()) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
});
afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await pg.cleanup();
});

describe('case-service process', () => {
  it('migrates, serves, reports metrics and drains on SIGTERM with exit 0', async () => {
    const ready = await waitFor(() => lines.find((l) => l.msg === 'case-service ready'), {
      timeoutMs: 30_000,
      what: 'ready log',
    });
    const client = createCasesClient({
      address: `127.0.0.1:${String(ready.grpcPort)}`,
      token: serviceToken,
    });
    const raised = await client.raiseCase(
      decision({ accountId: 'main-acct', outcome: 'DECISION_OUTCOME_BLOCK', score: 70 }),
    );
    expect(raised.caseCreated).toBe(true);
    client.close();
    const { rows } = await pg.pool.query<{ cases: number }>(
      'SELECT count(*)::int AS cases FROM cases',
    );
    expect(rows[0]?.cases).toBe(1);

    const ops = `http://127.0.0.1:${String(ready.opsPort)}`;
    expect((await fetch(`${ops}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    expect(metrics).toMatch(/vigil_cases_open\{severity="high",service="case-service"\} 1/);
    expect(metrics).toMatch(
      /vigil_cases_rpc_duration_seconds_count\{[^}]*method="RaiseCase",code="OK"\} 1/,
    );
    expect(metrics).toMatch(/vigil_cases_outbox_pending\{service="case-service"\} 0/);
    expect(metrics).toMatch(/vigil_cases_backlog_oldest_open_seconds\{service="case-service"\} \d/);
    // Tokens never reach the log.
    expect(JSON.stringify(lines)).not.toContain(serviceToken);

    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines.some((l) => l.msg === 'shutdown complete')).toBe(true);
  });
});
