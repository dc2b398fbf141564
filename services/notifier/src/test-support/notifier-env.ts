import { TOPICS } from '@vigil/events';
import { infraUrls, uniqueName, type KafkaFixture, type PgFixture } from '@vigil/testing';
import { parseEnv, type NotifierEnv } from '../env.ts';

/**
 * Settings of a whole notifier on a test's own topics, consumer group and schema (real Kafka and
 * PostgreSQL), polling fast. `settings` add the secret, the channels and what the test is about.
 */
export function notifierTestEnv(
  kafka: KafkaFixture,
  pg: PgFixture,
  settings: Record<string, string>,
): NotifierEnv {
  return parseEnv({
    LOG_LEVEL: 'silent',
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_GROUP_ID: uniqueName('notifier'),
    DECISIONS_TOPIC: kafka.topics[TOPICS.decisions],
    FEEDBACK_TOPIC: kafka.topics[TOPICS.feedback],
    ACCOUNT_COMMANDS_TOPIC: kafka.topics[TOPICS.accountCommands],
    DATABASE_URL: infraUrls().databaseUrl,
    DATABASE_SCHEMA: pg.schema,
    HTTP_PORT: '0',
    PUBLIC_VERIFY_URL: 'https://verify.vigil.test/verify',
    DISPATCH_POLL_MS: '50',
    ...settings,
  });
}
