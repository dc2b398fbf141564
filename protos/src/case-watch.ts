import { EventEmitter } from 'node:events';
import type { ClientReadableStream, Metadata, ServiceError } from '@grpc/grpc-js';
import { caseServiceError, type CaseServiceError } from './case-service-error.ts';
import type { CaseChange__Output } from './cases-types.ts';

/**
 * A WatchCases stream whose failures are CaseServiceErrors like every unary call's. 'metadata'
 * fires once the server has subscribed the watcher: no later change will be missed.
 */
export interface CaseWatch {
  on(event: 'data', listener: (change: CaseChange__Output) => void): this;
  on(event: 'error', listener: (error: CaseServiceError) => void): this;
  on(event: 'end', listener: () => void): this;
  once(event: 'metadata', listener: (metadata: Metadata) => void): this;
  /** Stops reading; the server sees backpressure and, past its limit, ends the stream. */
  pause(): this;
  resume(): this;
  cancel(): void;
}

// EventEmitter's own listener type: the interface's overloads narrow it per event.
type Listener = Parameters<EventEmitter['on']>[1];

export function mapWatchErrors(call: ClientReadableStream<CaseChange__Output>): CaseWatch {
  const events = new EventEmitter();
  let flowing = false;
  call.on('error', (error: ServiceError) =>
    events.emit('error', caseServiceError('WatchCases', error)),
  );
  call.on('end', () => events.emit('end'));
  call.on('metadata', (metadata: Metadata) => events.emit('metadata', metadata));
  const watch: CaseWatch = {
    on(event: string, listener: Listener) {
      events.on(event, listener);
      // Forward data only once someone reads it: until then the call buffers, as a raw stream does.
      if (event === 'data' && !flowing) {
        flowing = true;
        call.on('data', (change: CaseChange__Output) => events.emit('data', change));
      }
      return watch;
    },
    once(event: string, listener: Listener) {
      events.once(event, listener);
      return watch;
    },
    pause() {
      call.pause();
      return watch;
    },
    resume() {
      call.resume();
      return watch;
    },
    cancel: () => call.cancel(),
  };
  return watch;
}
