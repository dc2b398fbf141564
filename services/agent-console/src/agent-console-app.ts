import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import { createMemorySessionStore } from './adapters/memory-session-store.ts';
import { createConsoleServer, type ConsoleServer } from './adapters/http-console-server.ts';
import type { ConnectCases, NoticeReader, SessionStore } from './app/ports.ts';
import { Sessions, type SessionPolicy } from './app/sessions.ts';
import { createConsoleMetrics } from './metrics.ts';

export interface ConsoleAppOptions {
  connect: ConnectCases;
  /** The notifier's notices (NOTIFIER_URL); undefined: the case page says they are unavailable. */
  notices?: NoticeReader | undefined;
  logger: Logger;
  registry: Registry;
  policy: SessionPolicy;
  /** Unresolved cases older than this are SLA-breached. */
  slaSeconds: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  webDir?: string | undefined;
  clock?: () => number;
  /** Where sessions live; default this process's memory (SESSION_STORE=memory). */
  sessionStore?: SessionStore;
}

export interface ConsoleApp extends ConsoleServer {
  sessions: Sessions;
  /** Closes the connections of ended sessions every minute until stop(). */
  startSweeper(): void;
  stop(): Promise<void>;
}

/** Wires sessions, metrics and the HTTP server; main.ts and the tests build it the same way. */
export async function createConsoleApp(options: ConsoleAppOptions): Promise<ConsoleApp> {
  const clock = options.clock ?? Date.now;
  const sessions = new Sessions({
    store: options.sessionStore ?? createMemorySessionStore(clock),
    connect: options.connect,
    clock,
    randomToken: () => randomBytes(32).toString('base64url'),
    policy: options.policy,
    onSignIn: (outcome, who) => {
      metrics.signIns.inc({ outcome });
      // Who signed in, for the operator; refusals are counted, and the token is never logged.
      if (who) options.logger.info({ principal: who.principal, role: who.role }, 'signed in');
    },
  });
  // The server is built after the metrics that read its stream count.
  const built: { server?: ConsoleServer } = {};
  const metrics = createConsoleMetrics(options.registry, {
    sessions: () => sessions.count,
    streams: () => built.server?.streams.count ?? 0,
  });
  const server = await createConsoleServer({
    sessions,
    timing: { slaSeconds: options.slaSeconds, clock },
    logger: options.logger,
    metrics,
    cookieSecure: options.cookieSecure,
    trustProxy: options.trustProxy,
    webDir: options.webDir,
    notices: options.notices,
  });
  built.server = server;
  let sweeper: NodeJS.Timeout | undefined;
  return {
    ...server,
    sessions,
    startSweeper() {
      sweeper = setInterval(() => {
        sessions
          .sweep()
          .catch((error: unknown) => options.logger.warn({ err: error }, 'session sweep failed'));
      }, 60_000);
      sweeper.unref();
    },
    async stop() {
      clearInterval(sweeper);
      // Live streams first: they never end on their own, and close() waits for connections.
      server.streams.closeAll();
      await server.app.close();
      sessions.closeConnections();
    },
  };
}
