import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import type { CaseTiming, NoticeReader } from '../app/ports.ts';
import type { Sessions } from '../app/sessions.ts';
import { consoleError } from '../domain/console-errors.ts';
import type { ConsoleMetrics } from '../metrics.ts';
import { registerApiRoutes } from './http-api-routes.ts';
import { registerCaseEvents, type LiveStreams } from './http-case-events.ts';
import { sendError } from './http-error-reply.ts';
import { setSecurityHeaders } from './http-security.ts';

export interface ConsoleServerOptions {
  sessions: Sessions;
  timing: CaseTiming;
  logger: Logger;
  metrics: ConsoleMetrics;
  cookieSecure: boolean;
  /** The built web app (index.html + assets); absent in API-only tests. */
  webDir?: string | undefined;
  /** Client address from X-Forwarded-For (behind a reverse proxy only). */
  trustProxy: boolean;
  /** The notifier's notices for the case page; undefined when it is not configured. */
  notices?: NoticeReader | undefined;
}

export interface ConsoleServer {
  app: FastifyInstance;
  streams: LiveStreams;
}

/** The console's HTTP side: JSON API, live events and the web app, with one security policy. */
export async function createConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  // Typed with Fastify's base logger so routes take a plain FastifyInstance (pino is one).
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: options.logger,
    // Request lines are not logged by Fastify (a body or header could carry a token); the
    // latency histogram counts every request instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    trustProxy: options.trustProxy,
  });
  // JSON only: a cross-site form can post text/plain without a preflight; it gets 415 here.
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);

  app.addHook('onRequest', (_request, reply, done) => {
    setSecurityHeaders(reply);
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    options.metrics.apiSeconds.observe(
      { route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.setErrorHandler((error, _request, reply) => sendError(reply, error, options.logger));

  registerApiRoutes(app, {
    sessions: options.sessions,
    timing: options.timing,
    cookieSecure: options.cookieSecure,
    notices: options.notices,
    logger: options.logger,
  });
  const streams = registerCaseEvents(app, { sessions: options.sessions, logger: options.logger });

  const webDir = options.webDir;
  const hasWeb = webDir !== undefined && existsSync(join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, index: ['index.html'], wildcard: false });
  }
  // The web app routes in the browser (/cases/<id>): any other GET outside /api gets its page.
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && hasWeb && !request.url.startsWith('/api/'))
      return reply.header('cache-control', 'no-store').sendFile('index.html');
    return sendError(reply, consoleError('NOT_FOUND', 'no such route'), options.logger);
  });
  return { app, streams };
}
