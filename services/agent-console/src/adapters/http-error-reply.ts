import type { FastifyError, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { isVigilError } from '@vigil/errors';
import { ZodError } from 'zod';
import { API_ERROR_CODES, type ApiErrorBody, type ApiErrorCode } from '../domain/console-model.ts';

const HTTP_STATUS: Record<ApiErrorCode, number> = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  CSRF_REJECTED: 403,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

const isApiCode = (code: string): code is ApiErrorCode =>
  (API_ERROR_CODES as readonly string[]).includes(code);

function describe(error: unknown): ApiErrorBody['error'] {
  if (error instanceof ZodError) {
    const message = error.issues
      .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
      .join('; ');
    return { code: 'INVALID_REQUEST', message, retryable: false };
  }
  if (isVigilError(error) && isApiCode(error.code))
    return { code: error.code, message: error.message, retryable: error.retryable };
  const status = (error as Partial<FastifyError>).statusCode;
  // Fastify's own 4xx (malformed JSON, wrong content type, body too large): the caller's fault.
  if (status !== undefined && status >= 400 && status < 500)
    return { code: 'INVALID_REQUEST', message: (error as Error).message, retryable: false };
  return { code: 'INTERNAL', message: 'internal error', retryable: false };
}

/** One JSON error shape for every failure; server faults are logged, callers' mistakes are not. */
export function sendError(reply: FastifyReply, error: unknown, logger: Logger): FastifyReply {
  const body = describe(error);
  // Fastify's own 4xx keep their status (415 wrong content type, 413 too large).
  const own = (error as Partial<FastifyError>).statusCode;
  const status =
    body.code === 'INVALID_REQUEST' && own !== undefined && own >= 400 && own < 500
      ? own
      : HTTP_STATUS[body.code];
  if (body.code === 'INTERNAL' || body.code === 'UNAVAILABLE')
    logger.error({ err: error, code: body.code }, 'console request failed');
  return reply.code(status).send({ error: body } satisfies ApiErrorBody);
}
