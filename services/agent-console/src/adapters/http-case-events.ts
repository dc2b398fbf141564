import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { backoffDelayMs, type RetryPolicy } from '@vigil/lifecycle';
import type { Sessions } from '../app/sessions.ts';
import { sessionOf } from './http-api-routes.ts';
import { setSecurityHeaders } from './http-security.ts';

const RECONNECT: RetryPolicy = { initialDelayMs: 500, maxDelayMs: 10_000, jitter: 0.5 };
const HEARTBEAT_MS = 15_000;

export interface LiveStreams {
  readonly count: number;
  /** Ends every open stream (shutdown): browsers reconnect to another replica or later. */
  closeAll(): void;
}

/**
 * GET /api/events: the live queue as Server-Sent Events, fed by a WatchCases call made with the
 * agent's own token. When case-service restarts the stream says `reconnecting` and watches again
 * with backoff; when the console restarts, the browser's EventSource reconnects by itself.
 */
export function registerCaseEvents(
  app: FastifyInstance,
  options: { sessions: Sessions; logger: Logger },
): LiveStreams {
  const open = new Set<() => void>();
  app.get('/api/events', async (request, reply) => {
    const session = await sessionOf(options.sessions, request);
    setSecurityHeaders(reply);
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.hijack();
    const send = (event: string, data: unknown) =>
      raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    raw.write('retry: 2000\n\n');

    let closed = false;
    let attempt = 0;
    let watch: { stop(): void } | undefined;
    let retryTimer: NodeJS.Timeout | undefined;
    const start = () => {
      watch = session.connection.watch({
        onReady: () => {
          attempt = 0;
          send('ready', {});
        },
        onEvent: (event) => send('case', event),
        onEnd: (error) => {
          if (closed) return;
          attempt += 1;
          const delayMs = backoffDelayMs(RECONNECT, attempt);
          options.logger.info({ err: error, delayMs }, 'case watch ended; watching again');
          send('reconnecting', { delayMs });
          retryTimer = setTimeout(start, delayMs);
        },
      });
    };
    const heartbeat = setInterval(() => {
      // An expired session (or one signed out on another replica) ends its stream; the page then
      // shows the sign-in form. A session store that does not answer ends nothing.
      options.sessions.touch(session.id).then(
        (live) => {
          if (closed) return;
          if (!live) {
            send('signed-out', {});
            close();
            return;
          }
          raw.write(': keep-alive\n\n');
        },
        (error: unknown) => {
          options.logger.warn({ err: error }, 'session store unavailable; stream kept open');
          if (!closed) raw.write(': keep-alive\n\n');
        },
      );
    }, HEARTBEAT_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      clearTimeout(retryTimer);
      watch?.stop();
      open.delete(close);
      raw.end();
    };
    open.add(close);
    raw.on('close', close);
    start();
  });
  return {
    get count() {
      return open.size;
    },
    closeAll: () => {
      for (const close of [...open]) close();
    },
  };
}
