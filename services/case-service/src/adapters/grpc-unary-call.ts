import type { handleUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { CaseMethod } from '../domain/access-policy.ts';
import type { Principal } from '../domain/case-model.ts';
import { statusName, toGrpcStatus } from './grpc-errors.ts';
import { authorize, logOutcome, type RpcContext } from './grpc-rpc-context.ts';

/**
 * Every unary RPC goes through here: authenticate, check the role, run, map errors to a status,
 * and observe latency by method and status code. Handlers cannot forget auth or metrics.
 */
export function unary<Request, Response>(
  ctx: RpcContext,
  method: CaseMethod,
  run: (request: Request, principal: Principal, logger: Logger) => Promise<Response>,
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const stopTimer = ctx.metrics.rpcSeconds.startTimer({ method });
    let logger = ctx.logger.child({ method });
    const execute = async () => {
      const principal = authorize(ctx, call.metadata, method);
      logger = logger.child({ principal: principal.id, role: principal.role });
      return run(call.request, principal, logger);
    };
    execute().then(
      (response) => {
        stopTimer({ code: 'OK' });
        callback(null, response);
      },
      (error: unknown) => {
        const grpcStatus = toGrpcStatus(error);
        stopTimer({ code: statusName(grpcStatus.code) });
        logOutcome(logger, grpcStatus, error);
        callback(grpcStatus);
      },
    );
  };
}
