/** Where the integration tests find the real infrastructure. */
export interface InfraUrls {
  kafkaBrokers: string[];
  redisUrl: string;
  databaseUrl: string;
}

export const DEFAULT_URLS = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  REDIS_URL: 'redis://127.0.0.1:6379',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
} as const;

export function infraUrls(env: Record<string, string | undefined> = process.env): InfraUrls {
  return {
    kafkaBrokers: (env.KAFKA_BROKERS ?? DEFAULT_URLS.KAFKA_BROKERS).split(',').map((b) => b.trim()),
    redisUrl: env.REDIS_URL ?? DEFAULT_URLS.REDIS_URL,
    databaseUrl: env.DATABASE_URL ?? DEFAULT_URLS.DATABASE_URL,
  };
}
