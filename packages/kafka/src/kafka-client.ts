import { Kafka, logLevel, type KafkaConfig, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from '@vigil/observability';
import { kafkajsLogLevel } from './kafkajs-log-level.ts';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  logger: Logger;
  /** Milliseconds to wait for a TCP connection; kept short so an outage surfaces fast. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retry?: KafkaConfig['retry'];
}

// Each kafkajs line goes to pino at the level kafkajs-log-level.ts picks (retried, self-healing
// broker answers below error).
function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      const child = { component: 'kafkajs', namespace, ...extra };
      const pinoLevel = kafkajsLogLevel({ level, namespace, message, extra });
      // BrokerPool passes some Errors as the message itself.
      logger[pinoLevel](child, typeof message === 'string' ? message : String(message));
    };
}

/**
 * The one way services build a kafkajs client: pino logging, and retries bounded so a broker
 * outage becomes a retryable error the runner stalls on rather than an unbounded hang.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    logLevel: logLevel.INFO,
    logCreator: pinoLogCreator(options.logger),
    // The wait between attempts stops growing at 2 s: a consumer rejoining while a broker restarts
    // retries at that pace, so it is back within ~2 s of the broker (with 10 s it often lost ~8 s).
    // Twenty retries keep the wait before an error about what eight 10 s-capped ones gave (36 s, 39 s).
    retry: options.retry ?? {
      initialRetryTime: 300,
      maxRetryTime: 2_000,
      retries: 20,
      factor: 0.2,
      multiplier: 2,
    },
  });
}
