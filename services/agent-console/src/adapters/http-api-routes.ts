import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { loadAccountActivity } from '../app/account-activity.ts';
import { loadCase } from '../app/case-view.ts';
import { loadQueue } from '../app/case-queue.ts';
import type { CaseTiming, NoticeReader, Session } from '../app/ports.ts';
import type { Sessions } from '../app/sessions.ts';
import { consoleError } from '../domain/console-errors.ts';
import type { SessionView } from '../domain/console-model.ts';
import {
  accountActionBody,
  accountParams,
  assignBody,
  caseParams,
  noteBody,
  queueQuery,
  resolveBody,
  signInBody,
} from './http-request-schemas.ts';
import { CSRF_HEADER, csrfMatches, SESSION_COOKIE } from './http-security.ts';

export interface ApiRouteOptions {
  sessions: Sessions;
  timing: CaseTiming;
  cookieSecure: boolean;
  /** The notifier's notices; undefined when NOTIFIER_URL is not configured. */
  notices: NoticeReader | undefined;
  logger: Logger;
}

const view = (sessions: Sessions, s: Session): SessionView => ({
  principal: s.principal,
  role: s.role,
  csrfToken: s.csrfToken,
  expiresAt: new Date(sessions.expiresAtMs(s)).toISOString(),
});

/** The session behind the request's cookie, or UNAUTHENTICATED. */
export async function sessionOf(sessions: Sessions, request: FastifyRequest): Promise<Session> {
  const session = await sessions.touch(request.cookies[SESSION_COOKIE]);
  if (!session) throw consoleError('UNAUTHENTICATED', 'not signed in, or the session expired');
  return session;
}

/**
 * A state-changing request must carry the session's CSRF token in a header: another site can
 * make the browser send the cookie, but cannot read the token to put it in the header.
 */
async function changingSession(sessions: Sessions, request: FastifyRequest): Promise<Session> {
  const session = await sessionOf(sessions, request);
  if (!csrfMatches(session.csrfToken, request.headers[CSRF_HEADER]))
    throw consoleError('CSRF_REJECTED', `missing or wrong ${CSRF_HEADER} header`);
  return session;
}

export function registerApiRoutes(app: FastifyInstance, options: ApiRouteOptions): void {
  const { sessions } = options;

  app.get('/api/session', async (request) => view(sessions, await sessionOf(sessions, request)));

  // Sign-in needs no CSRF token (there is no session yet); it takes JSON only, which a form on
  // another site cannot send without the browser's preflight, and SameSite=Strict does the rest.
  app.post('/api/session', async (request, reply) => {
    const { token } = signInBody.parse(request.body);
    const session = await sessions.signIn(token, request.ip);
    void reply.setCookie(SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'strict',
      secure: options.cookieSecure,
      path: '/',
    });
    return view(sessions, session);
  });

  app.delete('/api/session', async (request, reply) => {
    const session = await changingSession(sessions, request);
    await sessions.end(session.id);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/cases', async (request) =>
    loadQueue(await sessionOf(sessions, request), queueQuery.parse(request.query), options.timing),
  );

  app.get('/api/cases/:caseId', async (request) =>
    loadCase(
      await sessionOf(sessions, request),
      caseParams.parse(request.params).caseId,
      options.timing,
    ),
  );

  app.post('/api/cases/:caseId/assign', async (request) => {
    const session = await changingSession(sessions, request);
    const { caseId } = caseParams.parse(request.params);
    const { assignee } = assignBody.parse(request.body);
    return session.connection.assign(caseId, assignee ?? session.principal);
  });

  app.post('/api/cases/:caseId/notes', async (request) => {
    const session = await changingSession(sessions, request);
    const { caseId } = caseParams.parse(request.params);
    return session.connection.addNote(caseId, noteBody.parse(request.body).body);
  });

  app.post('/api/cases/:caseId/resolve', async (request) => {
    const session = await changingSession(sessions, request);
    const { caseId } = caseParams.parse(request.params);
    const { disposition, comment } = resolveBody.parse(request.body);
    return session.connection.resolve(caseId, disposition, comment);
  });

  // Always 200 once signed in: each section says whether its source answered.
  app.get('/api/accounts/:accountId/activity', async (request) =>
    loadAccountActivity(
      {
        session: await sessionOf(sessions, request),
        notices: options.notices,
        onFailure: (source, error) =>
          options.logger.warn({ err: error, source }, 'account activity source failed'),
      },
      accountParams.parse(request.params).accountId,
    ),
  );

  for (const action of ['lock', 'unlock'] as const) {
    app.post(`/api/accounts/:accountId/${action}`, async (request) => {
      const session = await changingSession(sessions, request);
      const { accountId } = accountParams.parse(request.params);
      const body = accountActionBody.parse(request.body);
      const command = { accountId, ...body };
      return action === 'lock'
        ? session.connection.lockAccount(command)
        : session.connection.unlockAccount(command);
    });
  }
}
