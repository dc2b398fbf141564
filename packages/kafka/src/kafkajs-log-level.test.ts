import { createRequire } from 'node:module';
import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@vigil/observability';
import { createKafkaClient } from './kafka-client.ts';
import {
  FENCED_PRODUCER_ERRORS,
  TRANSIENT_BROKER_ERRORS,
  kafkajsLogLevel,
  type KafkajsLogLine,
} from './kafkajs-log-level.ts';

const kafkajsErrorTable = (
  createRequire(import.meta.url)('kafkajs/src/protocol/error') as {
    errorCodes: { type: string; code: number; message: string }[];
  }
).errorCodes;

const error = (namespace: string, message: unknown, extra: Record<string, unknown> = {}) =>
  kafkajsLogLevel({ level: logLevel.ERROR, namespace, message, extra } satisfies KafkajsLogLine);

const { GROUP_LOAD_IN_PROGRESS, LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION } =
  TRANSIENT_BROKER_ERRORS;

describe('kafkajsLogLevel', () => {
  it('matches the texts kafkajs uses for each transient broker error', () => {
    for (const [type, message] of Object.entries(TRANSIENT_BROKER_ERRORS)) {
      expect(kafkajsErrorTable.find((row) => row.type === type)?.message, type).toBe(message);
    }
  });

  it('puts a transient broker answer to one request at debug (the caller retries it)', () => {
    const response = { error: GROUP_LOAD_IN_PROGRESS, correlationId: 2, size: 20 };
    expect(error('Connection', 'Response InitProducerId(key: 22, version: 1)', response)).toBe(
      'debug',
    );
    expect(
      error('Connection', 'Response Metadata(key: 3, version: 6)', { error: LEADER_NOT_AVAILABLE }),
    ).toBe('debug');
  });

  it('puts the lines about a fenced transaction below error (the publisher warns with the unit)', () => {
    for (const [type, message] of Object.entries(FENCED_PRODUCER_ERRORS))
      expect(kafkajsErrorTable.find((row) => row.type === type)?.message, type).toBe(message);
    const fenced = FENCED_PRODUCER_ERRORS.INVALID_PRODUCER_EPOCH;
    // As a chaos run logged them when a killed engine's units were claimed by the survivor.
    expect(
      error('Connection', 'Response AddPartitionsToTxn(key: 24, version: 1)', {
        error: fenced,
        correlationId: 14,
        size: 57,
      }),
    ).toBe('debug');
    expect(error('Producer', fenced, { retryCount: 0, retryTime: 1 })).toBe('info');
  });

  it('keeps a broker answer no retry will fix at error', () => {
    const denied = { error: 'Not authorized to access topics: [Topic authorization failed]' };
    expect(error('Connection', 'Response Produce(key: 0, version: 7)', denied)).toBe('error');
  });

  it('reads a thrown error object by its kafkajs type', () => {
    const thrown = Object.assign(new Error('no leader'), {
      type: 'LEADER_NOT_AVAILABLE',
      retriable: true,
    });
    expect(error('Connection', 'Response Fetch(key: 1, version: 11)', { error: thrown })).toBe(
      'debug',
    );
  });

  it('logs the first attempts of a retry loop at info and a persisting one at warn', () => {
    const seed =
      'Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED 127.0.0.1:9092';
    expect(error('BrokerPool', seed, { retryCount: 0, retryTime: 256 })).toBe('info');
    expect(error('BrokerPool', seed, { retryCount: 1, retryTime: 424 })).toBe('info');
    expect(error('BrokerPool', seed, { retryCount: 2, retryTime: 990 })).toBe('warn');
    expect(error('BrokerPool', seed, { retryCount: 7, retryTime: 9_000 })).toBe('warn');
  });

  it('keeps retries of a transient broker answer at info (a topic being created, a leader elected)', () => {
    const send = `Failed to send messages: ${UNKNOWN_TOPIC_OR_PARTITION}`;
    expect(error('Producer', send, { retryCount: 5, retryTime: 3_000 })).toBe('info');
  });

  it('puts a socket failure of one connection at info (the retrying caller reports it)', () => {
    const refused = 'Connection error: connect ECONNREFUSED 127.0.0.1:9092';
    expect(error('Connection', refused, { broker: '127.0.0.1:9092', stack: 'Error: …' })).toBe(
      'info',
    );
  });

  it('logs a consumer restart after a retriable crash at info, and the crash by its cause', () => {
    expect(
      error('Consumer', 'Restarting the consumer in 300ms', { retryCount: 8, groupId: 'g' }),
    ).toBe('info');
    expect(
      error('Consumer', `Crash: KafkaJSNumberOfRetriesExceeded: ${GROUP_LOAD_IN_PROGRESS}`, {
        groupId: 'g',
      }),
    ).toBe('warn');
    expect(
      error(
        'Consumer',
        'Crash: KafkaJSNumberOfRetriesExceeded: Connection error: connect ECONNREFUSED 127.0.0.1:9092',
        { groupId: 'g' },
      ),
    ).toBe('error');
    expect(
      error('Consumer', 'Crash: KafkaJSNonRetriableError: Invalid topic', { groupId: 'g' }),
    ).toBe('error');
  });

  it('treats a commit refused because the group moved on (a replica joined) as routine', () => {
    const stale = { error: 'Specified group generation id is not valid' };
    expect(error('Connection', 'Response OffsetCommit(key: 8, version: 5)', stale)).toBe('debug');
  });

  it('treats a rejoin the coordinator asked for as routine', () => {
    const rejoin = 'The coordinator is not aware of this member, re-joining the group';
    expect(error('Runner', rejoin, { groupId: 'g', memberId: 'm' })).toBe('info');
  });

  it('keeps errors that need an operator at error', () => {
    expect(
      error('Consumer', 'Offset out of range, resetting to default offset', { topic: 't' }),
    ).toBe('error');
    expect(
      error('Runner', 'Error when calling eachBatch', { error: new Error('handler bug') }),
    ).toBe('error');
    // Logged with retryCount just before kafkajs bails on it: not a retry.
    const sasl = 'SASL PLAIN authentication failed: Authentication failed';
    expect(error('BrokerPool', sasl, { retryCount: 0, retryTime: 300 })).toBe('error');
    expect(error('BrokerPool', new Error(sasl), { retryCount: 0, retryTime: 300 })).toBe('error');
  });

  it('logs warnings about choices Vigil made on purpose at info', () => {
    const warn = (message: string) =>
      kafkajsLogLevel({ level: logLevel.WARN, namespace: 'Producer', message, extra: {} });
    expect(warn('Limiting retries for the idempotent producer may invalidate EoS guarantees')).toBe(
      'info',
    );
    expect(
      warn(
        'KafkaJS v2.0.0 switched default partitioner. To retain the same partitioning behavior as in previous versions, …',
      ),
    ).toBe('info');
    expect(warn('Consumer group received unsubscribed topics')).toBe('warn');
  });

  it('maps kafkajs WARN, INFO and DEBUG as before', () => {
    const at = (level: logLevel) =>
      kafkajsLogLevel({ level, namespace: 'x', message: 'm', extra: {} });
    expect(at(logLevel.WARN)).toBe('warn');
    expect(at(logLevel.INFO)).toBe('debug');
    expect(at(logLevel.DEBUG)).toBe('trace');
  });
});

describe('createKafkaClient logging', () => {
  it('writes kafkajs lines through pino at the mapped level, with their fields', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      service: 'test',
      level: 'debug',
      destination: {
        write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
      },
    });
    const kafka = createKafkaClient({ clientId: 'c', brokers: ['127.0.0.1:1'], logger });
    const root = kafka.logger().namespace('Connection');
    root.error('Response InitProducerId(key: 22, version: 1)', { error: GROUP_LOAD_IN_PROGRESS });
    root.error('Response Produce(key: 0, version: 7)', { error: 'Topic authorization failed' });
    expect(lines.map((l) => [l.level, l.namespace, l.error, l.msg])).toEqual([
      [
        'debug',
        'Connection',
        GROUP_LOAD_IN_PROGRESS,
        'Response InitProducerId(key: 22, version: 1)',
      ],
      ['error', 'Connection', 'Topic authorization failed', 'Response Produce(key: 0, version: 7)'],
    ]);
  });
});
