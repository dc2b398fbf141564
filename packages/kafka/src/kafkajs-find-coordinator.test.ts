import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// A consumer rejoining while its only broker restarts asks for the group coordinator; when no
// broker answers (each lookup failed: the broker stopped mid-lookup), kafkajs raises
// KafkaJSGroupCoordinatorNotFound. As shipped, kafkajs 2.2.4 gave up on it at once as not
// retriable, and the consumer crashed without restarting, for good (tulios/kafkajs#1445, #1630;
// seen in a broker-restart run: "Crash: KafkaJSNonRetriableError: Failed to find group
// coordinator", then nothing). patches/kafkajs@2.2.4.patch retries it like a refused connection.

interface Cluster {
  findGroupCoordinator(options: { groupId: string }): Promise<unknown>;
  findGroupCoordinatorMetadata: (options: object) => Promise<{ coordinator: { nodeId: number } }>;
  findBroker: (options: { nodeId: number }) => Promise<unknown>;
}
interface KafkajsError extends Error {
  retriable: boolean;
  cause?: KafkajsError;
}
const load = createRequire(import.meta.url);
const KafkajsCluster = load('kafkajs/src/cluster') as new (options: object) => Cluster;
const { KafkaJSGroupCoordinatorNotFound } = load('kafkajs/src/errors') as {
  KafkaJSGroupCoordinatorNotFound: new (message: string) => Error;
};
const { createLogger, LEVELS } = load('kafkajs/src/loggers') as {
  createLogger: (options: { level: number; logCreator: () => () => void }) => unknown;
  LEVELS: { NOTHING: number };
};

function cluster(lookups: (() => Promise<{ coordinator: { nodeId: number } }>)[]): Cluster {
  const created = new KafkajsCluster({
    logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined }),
    brokers: ['127.0.0.1:9'],
    clientId: 'find-coordinator-test',
    connectionTimeout: 100,
    retry: { retries: 3, initialRetryTime: 1, maxRetryTime: 5 },
  });
  const coordinator = { nodeId: 1 };
  // The broker round trips are what this test replaces: the lookup's outcome is given.
  created.findGroupCoordinatorMetadata = () => {
    const next = lookups.shift();
    if (!next) throw new Error('no more lookups scripted');
    return next();
  };
  created.findBroker = ({ nodeId }) => Promise.resolve({ nodeId, coordinator });
  return created;
}

const noBrokerAnswered = () =>
  Promise.reject(new KafkaJSGroupCoordinatorNotFound('Failed to find group coordinator'));
const found = () => Promise.resolve({ coordinator: { nodeId: 1 } });

/** What kafkajs's consumer crash handler judges: the innermost cause (consumer/index.js). */
const innermost = (error: KafkajsError): KafkajsError =>
  error.cause ? innermost(error.cause) : error;

describe('kafkajs findGroupCoordinator (patched)', () => {
  it('asks again when no broker answered, and finds the coordinator once one does', async () => {
    const lookups = [noBrokerAnswered, noBrokerAnswered, found];
    await expect(cluster(lookups).findGroupCoordinator({ groupId: 'g' })).resolves.toMatchObject({
      nodeId: 1,
    });
    expect(lookups).toEqual([]);
  });

  it('fails retriably when no broker ever answered, so the consumer restarts', async () => {
    const failure = await cluster([
      noBrokerAnswered,
      noBrokerAnswered,
      noBrokerAnswered,
      noBrokerAnswered,
    ])
      .findGroupCoordinator({ groupId: 'g' })
      .then(
        () => undefined,
        (error: unknown) => error as KafkajsError,
      );
    expect(failure?.name).toBe('KafkaJSNumberOfRetriesExceeded');
    expect(innermost(failure!).retriable).toBe(true);
  });
});
