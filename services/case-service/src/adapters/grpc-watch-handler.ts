import { Metadata, status, type handleServerStreamingCall } from '@grpc/grpc-js';
import type { CaseChange as WireCaseChange, WatchCasesRequest__Output } from '@vigil/protos';
import type { ChangeFeed } from '../app/ports.ts';
import { watchCases, type WatchEnd } from '../app/watch-cases.ts';
import { statusName, toGrpcStatus } from './grpc-errors.ts';
import { parseRequest, watchCasesRequest } from './grpc-request-schemas.ts';
import { authorize, logOutcome, type RpcContext } from './grpc-rpc-context.ts';
import { toWireChange } from './grpc-to-wire.ts';

/**
 * WatchCases over a server stream: a watcher that falls behind is ended with RESOURCE_EXHAUSTED
 * and one cut off by a broken feed with UNAVAILABLE (both: re-list, then watch again). Response
 * headers are sent once the watcher is subscribed, so a client that has seen them knows no later
 * change will be missed.
 */
export function watchCasesHandler(
  ctx: RpcContext,
  feed: ChangeFeed,
  maxQueued: number,
): handleServerStreamingCall<WatchCasesRequest__Output, WireCaseChange> {
  return (call) => {
    const started = process.hrtime.bigint();
    const observe = (code: status) =>
      ctx.metrics.rpcSeconds.observe(
        { method: 'WatchCases', code: statusName(code) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    let filter: ReturnType<typeof parseRequest<typeof watchCasesRequest>>;
    let logger = ctx.logger.child({ method: 'WatchCases' });
    try {
      const principal = authorize(ctx, call.metadata, 'WatchCases');
      logger = logger.child({ principal: principal.id, role: principal.role });
      filter = parseRequest(watchCasesRequest, call.request);
    } catch (error) {
      const grpcStatus = toGrpcStatus(error);
      observe(grpcStatus.code);
      logOutcome(logger, grpcStatus, error);
      call.emit('error', grpcStatus);
      return;
    }

    const finish = (code: status, details?: string) => {
      observe(code);
      if (code === status.OK) call.end();
      else call.emit('error', { code, details });
    };
    const onEnd = (end: WatchEnd) => {
      switch (end.reason) {
        case 'overflow':
          ctx.metrics.watchersDropped.inc({ reason: 'overflow' });
          logger.warn({ queued: end.queued }, 'dropping a watcher that stopped reading');
          return finish(
            status.RESOURCE_EXHAUSTED,
            `watcher fell more than ${end.queued} changes behind; re-list and watch again`,
          );
        case 'interrupted':
          ctx.metrics.watchersDropped.inc({ reason: 'interrupted' });
          return finish(status.UNAVAILABLE, `${end.detail}; re-list and watch again`);
        case 'closed':
          return finish(status.OK);
        case 'cancelled':
          return finish(status.CANCELLED);
      }
    };
    const watch = watchCases({
      feed,
      filter,
      maxQueued,
      sink: {
        write: (change) => call.write(toWireChange(change)),
        onceDrain: (listener) => call.once('drain', listener),
      },
      onEnd,
    });
    call.on('cancelled', () => watch.cancel());
    call.sendMetadata(new Metadata());
  };
}
