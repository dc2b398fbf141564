import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createKafkaFixture,
  createPgFixture,
  infraUrls,
  uniqueName,
  waitFor,
  type KafkaFixture,
  type PgFixture,
} from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCasesClient } from '@vigil/protos';
import { decision } from './test-support/case-harness.ts';

// The real entry point as a process: env parsing, migrations on start, topics, gRPC + ops
// servers, and a SIGTERM drain that exits 0.
const here = dirname(fileURLToPath(import.meta.url));
// Node itself with tsx's loader, not the tsx CLI: the CLI relays SIGTERM to its child and, when
// the child has not confirmed it within 30 ms (a loaded box), kills it and exits 143 itself.
const tsxLoader = pathToFileURL(join(here, '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

interface CaseProcess {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  topics: { feedback: string; commands: string; decisions: string; disputes: string };
}

let kafka: KafkaFixture;
const pgFixtures: PgFixture[] = [];
const processes: CaseProcess[] = [];
const serviceToken = randomBytes(18).toString('hex');

/** Starts main.ts with its own schema, change channel and (not yet existing) topic names. */
async function startCaseService(extraEnv: Record<string, string>): Promise<CaseProcess> {
  const pg = await createPgFixture();
  pgFixtures.push(pg);
  const topics = {
    feedback: uniqueName('cs_feedback'),
    commands: uniqueName('cs_commands'),
    decisions: uniqueName('cs_decisions'),
    disputes: uniqueName('cs_disputes'),
  };
  const child = spawn(process.execPath, ['--import', tsxLoader, join(here, 'main.ts')], {
    env: {
      ...process.env,
      // No search_path in the URL: DATABASE_SCHEMA alone puts the tables in the test's schema.
      DATABASE_URL: infraUrls().databaseUrl,
      DATABASE_SCHEMA: pg.schema,
      KAFKA_BROKERS: infraUrls().kafkaBrokers.join(','),
      FEEDBACK_TOPIC: topics.feedback,
      ACCOUNT_COMMANDS_TOPIC: topics.commands,
      DECISIONS_TOPIC: topics.decisions,
      DISPUTES_TOPIC: topics.disputes,
      LABELS_GROUP_ID: uniqueName('cs_labels'),
      LABEL_QUALITY_REFRESH_MS: '1000',
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: '0',
      OPS_PORT: '0',
      LOG_LEVEL: 'info',
      CASE_CHANGES_CHANNEL: uniqueName('main_changes'),
      CASE_AUTH_TOKENS: JSON.stringify([
        { token: serviceToken, principal: 'risk-engine', role: 'service' },
      ]),
      SHUTDOWN_GRACE_MS: '10000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started: CaseProcess = { child, lines: [], topics };
  processes.push(started);
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts)
      if (part.trim()) started.lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  return started;
}

async function stopWithSigterm(started: CaseProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) =>
    started.child.once('exit', (code) => resolve(code)),
  );
  started.child.kill('SIGTERM');
  return await exited;
}

/** Partition count of each topic; undefined where the topic does not exist. */
async function partitionsOf(topics: string[]): Promise<(number | undefined)[]> {
  const existing = new Set(await kafka.admin.listTopics());
  const present = topics.filter((topic) => existing.has(topic));
  if (present.length === 0) return topics.map(() => undefined);
  const { topics: metadata } = await kafka.admin.fetchTopicMetadata({ topics: present });
  const counts = new Map(metadata.map((t) => [t.name, t.partitions.length]));
  return topics.map((topic) => counts.get(topic));
}

beforeAll(async () => {
  kafka = await createKafkaFixture([]);
});
afterAll(async () => {
  for (const started of processes)
    if (started.child.exitCode === null) started.child.kill('SIGKILL');
  const names = processes.flatMap(({ topics }) =>
    Object.values(topics).flatMap((topic) => [topic, `${topic}.dlq`]),
  );
  const existing = new Set(await kafka.admin.listTopics());
  const left = names.filter((topic) => existing.has(topic));
  if (left.length > 0) await kafka.admin.deleteTopics({ topics: left });
  await kafka.cleanup();
  await Promise.all(pgFixtures.map((pg) => pg.cleanup()));
});

describe('case-service process', () => {
  it('creates its topics, migrates, serves, reports metrics and drains on SIGTERM with exit 0', async () => {
    const started = await startCaseService({ TOPIC_PARTITIONS: '2' });
    const { lines, topics } = started;
    const ready = await waitFor(() => lines.find((l) => l.msg === 'case-service ready'), {
      timeoutMs: 30_000,
      what: 'ready log',
    });
    // Every topic it uses, with TOPIC_PARTITIONS; .dlq twins for the three the label intake
    // reads, none for account commands (only written).
    expect(
      await partitionsOf([
        topics.feedback,
        topics.commands,
        topics.decisions,
        topics.disputes,
        `${topics.feedback}.dlq`,
        `${topics.decisions}.dlq`,
        `${topics.disputes}.dlq`,
        `${topics.commands}.dlq`,
      ]),
    ).toEqual([2, 2, 2, 2, 2, 2, 2, undefined]);

    const client = createCasesClient({
      address: `127.0.0.1:${String(ready.grpcPort)}`,
      token: serviceToken,
    });
    const raised = await client.raiseCase(
      decision({ accountId: 'main-acct', outcome: 'DECISION_OUTCOME_BLOCK', score: 70 }),
    );
    expect(raised.caseCreated).toBe(true);
    client.close();
    const { rows } = await pgFixtures[0]!.pool.query<{ cases: number }>(
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
    // The quality loop runs on idle topics (no decision, no dispute yet): zero decisions.
    await waitFor(
      async () =>
        /vigil_cases_decisions_in_window\{window="7d",service="case-service"\} 0/.test(
          await (await fetch(`${ops}/metrics`)).text(),
        ) || undefined,
      { timeoutMs: 15_000, what: 'the quality gauges' },
    );
    // Tokens never reach the log.
    expect(JSON.stringify(lines)).not.toContain(serviceToken);

    expect(await stopWithSigterm(started)).toBe(0);
    expect(lines.some((l) => l.msg === 'shutdown complete')).toBe(true);
  });

  it('with CREATE_TOPICS=false creates no topic', async () => {
    const started = await startCaseService({ CREATE_TOPICS: 'false', TOPIC_PARTITIONS: '2' });
    await waitFor(() => started.lines.find((l) => l.msg === 'case-service ready'), {
      timeoutMs: 30_000,
      what: 'ready log',
    });
    const { feedback, commands, decisions, disputes } = started.topics;
    expect(await partitionsOf([feedback, commands, decisions, disputes])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(await stopWithSigterm(started)).toBe(0);
  });
});
