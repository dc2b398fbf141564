import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createKafkaFixture,
  createLedTopics,
  createPgFixture,
  infraUrls,
  uniqueName,
  waitFor,
  type KafkaFixture,
  type PgFixture,
} from '@vigil/testing';
import { parseEnv } from './env.ts';
import { startNotifier, type RunningNotifier } from './notifier-app.ts';

// CREATE_TOPICS: the notifier starts against a broker holding none of its topics.
let admin: KafkaFixture;
const pgFixtures: PgFixture[] = [];
const running: RunningNotifier[] = [];
const topicsToDelete: string[] = [];

beforeAll(async () => {
  admin = await createKafkaFixture([]);
});
afterEach(async () => {
  for (const notifier of running.splice(0)) for (const step of notifier.stopSteps) await step.run();
});
afterAll(async () => {
  const existing = new Set(await admin.admin.listTopics());
  const left = topicsToDelete.filter((topic) => existing.has(topic));
  if (left.length > 0) await admin.admin.deleteTopics({ topics: left });
  await Promise.all(pgFixtures.map((fixture) => fixture.cleanup()));
  await admin.cleanup();
});

/** Unique names for the notifier's three topics and their possible .dlq twins. */
function uniqueTopics() {
  const topics = {
    decisions: uniqueName('nt_decisions'),
    feedback: uniqueName('nt_feedback'),
    commands: uniqueName('nt_commands'),
  };
  const all = Object.values(topics);
  topicsToDelete.push(...all, ...all.map((topic) => `${topic}.dlq`));
  return topics;
}

async function envFor(topics: ReturnType<typeof uniqueTopics>, extra: Record<string, string>) {
  const pgFixture = await createPgFixture();
  pgFixtures.push(pgFixture);
  return parseEnv({
    KAFKA_BROKERS: infraUrls().kafkaBrokers.join(','),
    KAFKA_GROUP_ID: uniqueName('notifier_topics'),
    DECISIONS_TOPIC: topics.decisions,
    FEEDBACK_TOPIC: topics.feedback,
    ACCOUNT_COMMANDS_TOPIC: topics.commands,
    DATABASE_URL: infraUrls().databaseUrl,
    DATABASE_SCHEMA: pgFixture.schema,
    HTTP_PORT: '0',
    VERIFICATION_SECRET: 'topics-secret-topics-secret-topics-secret',
    // Never reached: no decision is produced, so nothing is sent.
    SMTP_HOST: '127.0.0.1',
    ...extra,
  });
}

async function partitionsOf(topics: string[]): Promise<Record<string, number | undefined>> {
  const existing = new Set(await admin.admin.listTopics());
  const present = topics.filter((topic) => existing.has(topic));
  const { topics: metadata } =
    present.length === 0
      ? { topics: [] }
      : await admin.admin.fetchTopicMetadata({ topics: present });
  const counts = new Map(metadata.map((t) => [t.name, t.partitions.length]));
  return Object.fromEntries(topics.map((topic) => [topic, counts.get(topic)]));
}

describe('notifier topics at start-up', () => {
  it('creates every topic it reads or writes, and their .dlq twins (it reads all three), with TOPIC_PARTITIONS', async () => {
    const topics = uniqueTopics();
    const env = await envFor(topics, { TOPIC_PARTITIONS: '2' });
    expect(env.CREATE_TOPICS).toBe(true);
    running.push(
      await startNotifier(env, { logger: pino({ level: 'silent' }), registry: new Registry() }),
    );

    const { decisions, feedback, commands } = topics;
    expect(
      await partitionsOf([
        decisions,
        `${decisions}.dlq`,
        feedback,
        `${feedback}.dlq`,
        commands,
        `${commands}.dlq`,
      ]),
    ).toEqual({
      [decisions]: 2,
      [`${decisions}.dlq`]: 2,
      [feedback]: 2,
      [`${feedback}.dlq`]: 2,
      [commands]: 2,
      // Read too, for unlocks ("access restored").
      [`${commands}.dlq`]: 2,
    });
  });

  it('with CREATE_TOPICS=false creates nothing and waits until the topics exist', async () => {
    const topics = uniqueTopics();
    const env = await envFor(topics, { CREATE_TOPICS: 'false', TOPIC_PARTITIONS: '2' });
    const lines: { msg?: string; what?: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as { msg?: string; what?: string });
        done();
      },
    });
    const starting = startNotifier(env, {
      logger: pino({ level: 'warn' }, sink),
      registry: new Registry(),
    });
    await waitFor(() => lines.some((line) => line.what === 'kafka consumer start') || undefined, {
      what: 'the notifier waiting for its topics',
      timeoutMs: 30_000,
    });
    const names = Object.values(topics);
    expect(Object.values(await partitionsOf([...names, ...names.map((t) => `${t}.dlq`)]))).toEqual(
      Array<undefined>(6).fill(undefined),
    );

    // An operator creates them (here with 1 partition): the notifier starts on them as they are.
    await createLedTopics(admin.admin, names, 1);
    running.push(await starting);
    expect(await partitionsOf(names.map((t) => `${t}.dlq`))).toEqual(
      Object.fromEntries(names.map((t) => [`${t}.dlq`, undefined])),
    );
  });
});
