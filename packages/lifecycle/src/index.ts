export { ShutdownManager, type ShutdownHandler, type ShutdownManagerOptions } from './shutdown-manager.ts';
