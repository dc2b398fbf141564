import { VigilError } from './vigil-error.ts';

export const INFRA_ERROR_CODES = ['DEPENDENCY_UNAVAILABLE', 'UNEXPECTED'] as const;
export type InfraErrorCode = (typeof INFRA_ERROR_CODES)[number];

// Socket-level failures: the dependency is down or restarting, so waiting and retrying helps.
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ECONNABORTED',
]);

// PostgreSQL SQLSTATE classes that are about the server's state, not the statement: connection
// exceptions (08), insufficient resources (53), operator intervention (57), serialization and
// deadlock failures (40001, 40P01).
function isTransientPgState(state: string): boolean {
  return (
    state.startsWith('08') ||
    state.startsWith('53') ||
    state.startsWith('57') ||
    state === '40001' ||
    state === '40P01'
  );
}

const REDIS_CLUSTER_TRANSIENT =
  /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN|LOADING|READONLY|MASTERDOWN)\b|Failed to refresh slots cache|None of startup nodes is available|Command timed out/;

function readField(error: object, field: string): unknown {
  return (error as Record<string, unknown>)[field];
}

/**
 * Turns anything thrown by a library into a VigilError. Unknown errors are treated as retryable:
 * stalling a partition on a bug is visible (lag alert) and recoverable after a fix, whereas
 * dead-lettering on an outage would silently drop good records.
 */
export function classifyError(error: unknown): VigilError {
  if (error instanceof VigilError) return error as VigilError;
  if (typeof error === 'object' && error !== null) {
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    const sysCode = readField(error, 'code');
    if (typeof sysCode === 'string' && TRANSIENT_SYSTEM_CODES.has(sysCode)) {
      return new VigilError('DEPENDENCY_UNAVAILABLE', message, { retryable: true, cause: error });
    }
    if (
      typeof sysCode === 'string' &&
      /^[0-9A-Z]{5}$/.test(sysCode) &&
      isTransientPgState(sysCode)
    ) {
      return new VigilError('DEPENDENCY_UNAVAILABLE', message, { retryable: true, cause: error });
    }
    // kafkajs marks its own errors with `retriable`; ioredis/grpc surface connection loss in text.
    if (
      readField(error, 'retriable') === true ||
      /connection is closed|UNAVAILABLE|Connection lost/i.test(message)
    ) {
      return new VigilError('DEPENDENCY_UNAVAILABLE', message, { retryable: true, cause: error });
    }
    // Redis Cluster in transition (a slot moving, a failover, a node loading or restarting): the
    // same call succeeds once the cluster settles.
    if (REDIS_CLUSTER_TRANSIENT.test(message)) {
      return new VigilError('DEPENDENCY_UNAVAILABLE', message, { retryable: true, cause: error });
    }
    return new VigilError('UNEXPECTED', message, { retryable: true, cause: error });
  }
  return new VigilError('UNEXPECTED', String(error), { retryable: true, cause: error });
}
