import { Metadata, status, type handleServerStreamingCall } from '@grpc/grpc-js';
import type { CaseChange as WireCaseChange, WatchCasesRequest__Output } from '@vigil/protos';
import type { CaseChange } from '../domain/case-model.ts';
import { BoundedWriter } from '../watch/bounded-writer.ts';
import type { ChangeBus } from '../watch/change-bus.ts';
import { statusName, toGrpcStatus } from './grpc-errors.ts';
import { parseRequest, watchCasesRequest } from './request-schemas.ts';
import { authorize, logOutcome, type RpcContext } from './rpc-context.ts';
import { toWireChange } from './to-wire.ts';

/**
 * WatchCases: committed changes, live. Writes respect the stream's backpressure; a watcher more
 * than `maxQueued` changes behind is ended with RESOURCE_EXHAUSTED (re-list, then watch again)
 * instead of buffering without bound. Response headers are sent once the watcher is subscribed,
 * so a client that has seen them knows no later change will be missed.
 */
export function watchCasesHandler(
  ctx: RpcContext,
  bus: ChangeBus,
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

    let ended = false;
    const finish = (code: status, details?: string) => {
      if (ended) return;
      ended = true;
      unsubscribe();
      writer.close();
      observe(code);
      if (code === status.OK) call.end();
      else call.emit('error', { code, details });
    };
    const writer = new BoundedWriter<WireCaseChange>(
      {
        write: (change) => call.write(change),
        onceDrain: (listener) => call.once('drain', listener),
      },
      maxQueued,
      (queued) => {
        ctx.metrics.watchersDropped.inc({ reason: 'overflow' });
        logger.warn({ queued }, 'dropping a watcher that stopped reading');
        finish(
          status.RESOURCE_EXHAUSTED,
          `watcher fell more than ${queued} changes behind; re-list and watch again`,
        );
      },
    );
    const matches = (change: CaseChange) =>
      (filter.accountId === undefined || change.accountId === filter.accountId) &&
      (filter.assignee === undefined || change.assignee === filter.assignee);
    const unsubscribe = bus.subscribe({
      onChange: (change) => {
        if (matches(change)) writer.push(toWireChange(change));
      },
      onInterrupted: (reason) => {
        ctx.metrics.watchersDropped.inc({ reason: 'interrupted' });
        finish(status.UNAVAILABLE, `${reason}; re-list and watch again`);
      },
      onClose: () => finish(status.OK),
    });
    call.on('cancelled', () => finish(status.CANCELLED));
    call.sendMetadata(new Metadata());
  };
}
