import {
  dropSchemas,
  removeStackKafkaNames,
  stackKafkaNames,
  startLocalSinks,
  type LocalSinks,
  type StackOptions,
} from '@vigil/devstack';
import {
  createKafkaFixture,
  createPgFixture,
  createRedisFixture,
  infraUrls,
  type KafkaFixture,
  type PgFixture,
  type RedisFixture,
} from '@vigil/testing';

const LOGICAL = [
  'transactions',
  'logins',
  'account-changes',
  'decisions',
  'commands',
  'feedback',
] as const;

/** What a whole-pipeline test runs on: its own topics, Redis prefix, schemas and local sinks. */
export interface PipelineInfra {
  kafka: KafkaFixture;
  redis: RedisFixture;
  db: PgFixture;
  sinks: LocalSinks;
  topics: Record<(typeof LOGICAL)[number], string>;
  notifierSchema: string;
  /** The startStack options for these (the test adds what it is about, e.g. the console). */
  stackOptions(runId: string): StackOptions;
  cleanup(): Promise<void>;
}

export async function startPipelineInfra(): Promise<PipelineInfra> {
  const [kafka, redis, db, sinks] = await Promise.all([
    createKafkaFixture(LOGICAL, { partitions: 2, withDlq: true }),
    createRedisFixture(),
    createPgFixture(),
    startLocalSinks(),
  ]);
  const topics = Object.fromEntries(LOGICAL.map((name) => [name, kafka.topics[name]!])) as Record<
    (typeof LOGICAL)[number],
    string
  >;
  const notifierSchema = `${db.schema}_notifier`;
  // The stacks started on these: their groups and own disputes topics go at cleanup.
  const stacks: Pick<StackOptions, 'runId' | 'topics'>[] = [];
  return {
    kafka,
    redis,
    db,
    sinks,
    topics,
    notifierSchema,
    stackOptions: (runId) => {
      const options: StackOptions = {
        runId,
        kafkaBrokers: kafka.brokers,
        topics: {
          transactions: topics.transactions,
          logins: topics.logins,
          accountChanges: topics['account-changes'],
          decisions: topics.decisions,
          accountCommands: topics.commands,
          feedback: topics.feedback,
        },
        redisUrl: redis.url,
        redisKeyPrefix: redis.keyPrefix,
        databaseUrl: infraUrls().databaseUrl,
        caseSchema: db.schema,
        notifierSchema,
        sinks,
        topicPartitions: 2,
      };
      stacks.push(options);
      return options;
    },
    async cleanup() {
      await sinks.close();
      try {
        // Before the topics: the fixture's cleanup disconnects its admin client.
        for (const options of stacks)
          await removeStackKafkaNames(kafka.admin, stackKafkaNames(options));
      } finally {
        await Promise.all([kafka.cleanup(), redis.cleanup(), db.cleanup()]);
        await dropSchemas(infraUrls().databaseUrl, [notifierSchema]);
      }
    },
  };
}
