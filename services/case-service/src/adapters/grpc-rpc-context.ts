import type { Metadata } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { mayCall, type CaseMethod } from '../domain/access-policy.ts';
import type { Principal } from '../domain/case-model.ts';
import { caseError } from '../domain/case-errors.ts';
import type { CaseMetrics } from '../metrics.ts';
import type { TokenAuthenticator } from './grpc-auth.ts';
import type { toGrpcStatus } from './grpc-errors.ts';

export interface RpcContext {
  auth: TokenAuthenticator;
  logger: Logger;
  metrics: CaseMetrics;
}

/** Authenticates the caller and checks the method's role list; the token never leaves here. */
export function authorize(ctx: RpcContext, metadata: Metadata, method: CaseMethod): Principal {
  const principal = ctx.auth.authenticate(metadata);
  if (!mayCall(principal, method)) {
    throw caseError('PERMISSION_DENIED', `role ${principal.role} may not call ${method}`);
  }
  return principal;
}

/** Server faults are errors worth a page; callers' mistakes are routine. */
export function logOutcome(
  logger: Logger,
  grpcStatus: ReturnType<typeof toGrpcStatus>,
  error: unknown,
): void {
  if (grpcStatus.code === status.INTERNAL || grpcStatus.code === status.UNAVAILABLE) {
    logger.error({ err: error, code: status[grpcStatus.code] }, 'rpc failed');
  } else {
    logger.info({ code: status[grpcStatus.code], details: grpcStatus.details }, 'rpc rejected');
  }
}
