export {
  ShutdownManager,
  type ShutdownHandler,
  type ShutdownManagerOptions,
} from './shutdown-manager.ts';
export { retryWhileUnavailable } from './retry-while-unavailable.ts';
