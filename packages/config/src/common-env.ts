import { z } from 'zod';

/** Comma-separated host:port list, e.g. "127.0.0.1:9092,127.0.0.1:9094". */
export const brokerList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1));

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const port = z.coerce.number().int().min(0).max(65535);

/** Booleans from env: "true"/"1"/"yes" are true, anything else in the enum is false. */
export const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Variables every Vigil service reads; services extend this object with their own. */
export const commonEnvShape = {
  /** Minimum pino level written to stdout. */
  LOG_LEVEL: logLevel.default('info'),
  /** Port of the ops HTTP server (/metrics, /healthz, /readyz). 0 picks a free port. */
  OPS_PORT: port.default(9464),
  /** Milliseconds SIGTERM may take to drain before the process gives up and exits non-zero. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(25_000),
};
