import { execFileSync } from 'node:child_process';
import { DEFAULT_URLS, infraUrls } from './infra-urls.ts';
import { hostPort, tcpReachable } from './probe.ts';

type Stop = () => Promise<void>;

function dockerAvailable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

async function reachable(): Promise<Record<'kafka' | 'redis' | 'postgres', boolean>> {
  const urls = infraUrls();
  const kafka = hostPort(urls.kafkaBrokers[0] ?? DEFAULT_URLS.KAFKA_BROKERS, 9092);
  const redis = hostPort(urls.redisUrl, 6379);
  const pg = hostPort(urls.databaseUrl, 5432);
  const [k, r, p] = await Promise.all([
    tcpReachable(kafka.host, kafka.port),
    tcpReachable(redis.host, redis.port),
    tcpReachable(pg.host, pg.port),
  ]);
  return { kafka: k, redis: r, postgres: p };
}

/**
 * Integration tests run against real infrastructure: the env URLs (set by deploy/local/test.sh,
 * which starts the Kafka broker from Maven Central jars) when they answer; otherwise, where a
 * Docker engine exists, testcontainers. With neither, the run fails loudly rather than skipping.
 */
export default async function setup(): Promise<Stop> {
  const up = await reachable();
  const missing = Object.entries(up).filter(([, ok]) => !ok).map(([name]) => name);
  if (missing.length === 0) return () => Promise.resolve();

  if (!dockerAvailable()) {
    throw new Error(
      `integration tests need ${missing.join(', ')}: run "bash deploy/local/infra.sh up" (or set KAFKA_BROKERS, REDIS_URL, DATABASE_URL)`,
    );
  }
  const stops: Stop[] = [];
  if (!up.kafka) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.7.1').withKraft().start();
    process.env.KAFKA_BROKERS = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    stops.push(async () => void (await kafka.stop()));
  }
  if (!up.redis) {
    const { RedisContainer } = await import('@testcontainers/redis');
    const redis = await new RedisContainer('redis:7-alpine').start();
    process.env.REDIS_URL = redis.getConnectionUrl();
    stops.push(async () => void (await redis.stop()));
  }
  if (!up.postgres) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:16-alpine').start();
    process.env.DATABASE_URL = pg.getConnectionUri();
    stops.push(async () => void (await pg.stop()));
  }
  return async () => {
    for (const stop of stops) await stop();
  };
}
