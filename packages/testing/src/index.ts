export { infraUrls, DEFAULT_URLS, type InfraUrls } from './infra-urls.ts';
export { uniqueName } from './unique-name.ts';
export { createKafkaFixture, createLedTopics, type KafkaFixture } from './kafka-fixture.ts';
export {
  createRedisFixture,
  deleteRedisKeysWithPrefix,
  type RedisFixture,
} from './redis-fixture.ts';
export { createPrivateRedisFixture } from './private-redis.ts';
export { createCollatingLocale } from './collating-locale.ts';
export { createPgFixture, type PgFixture } from './pg-fixture.ts';
export { waitFor } from './wait-for.ts';
export { CHROMIUM_PATH, launchChromium, watchPageProblems } from './chromium.ts';
export { tcpReachable, hostPort } from './probe.ts';
export {
  createRedisClusterFixture,
  type RedisClusterFixture,
  type RedisClusterNode,
} from './redis-cluster.ts';
export { seededRandom } from './seeded-random.ts';
export { freePort, freePorts } from './free-port.ts';
