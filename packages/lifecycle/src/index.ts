export {
  ShutdownManager,
  type ShutdownHandler,
  type ShutdownManagerOptions,
} from './shutdown-manager.ts';
export { retryWhileUnavailable } from './retry-while-unavailable.ts';
export {
  afterFailure,
  backoffDelayMs,
  type RetryOutcome,
  type RetryPolicy,
} from './retry-policy.ts';
export { PollingLoop, type PollingLoopOptions } from './polling-loop.ts';
export { runService, type ServiceContext } from './run-service.ts';
