export {
  createLogger,
  maskEmail,
  maskPhone,
  REDACT_PATHS,
  type Logger,
  type LoggerOptions,
} from './logger.ts';
export { createMetricsRegistry, LATENCY_BUCKETS_SECONDS } from './metrics.ts';
export { startOpsServer, type OpsServer } from './ops-server.ts';
export {
  createReadiness,
  type CheckResult,
  type FailingCheck,
  type ReadinessCheck,
  type ReadinessReport,
} from './readiness.ts';
export { listenHttp, type ListeningHttp } from './listen-http.ts';
