import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { listenHttp } from '@vigil/observability';
import type { Verification } from '../app/answer-verification.ts';
import type { AnswerReader, NotificationReader } from '../app/ports.ts';
import type { Brand } from '../domain/brand.ts';
import { toStatusView } from '../domain/notification-status-view.ts';
import { accountNoticesPath, handleAccountNotices } from './http-account-notices-route.ts';
import { sendJson } from './http-json.ts';
import { handleVerify } from './http-verification-routes.ts';

export interface HttpServerOptions {
  port: number;
  host?: string;
  verification: Verification;
  /** Name, colours, logo and support contact shown on the verification pages. */
  brand: Brand;
  notifications: NotificationReader;
  /** When set, GET /notifications requires `Authorization: Bearer <token>` (it is an internal API). */
  statusApiToken?: string | undefined;
  /** Answers to verification requests, for the internal read API. */
  answers: AnswerReader;
  /** When set, GET /internal/v1/accounts/<id>/notices answers `Bearer <token>`; unset, it is off (404). */
  readToken?: string | undefined;
  logger: Logger;
}

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

async function handleStatus(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HttpServerOptions,
) {
  if (
    options.statusApiToken !== undefined &&
    req.headers.authorization !== `Bearer ${options.statusApiToken}`
  ) {
    return sendJson(res, 401, { error: 'unauthorized' });
  }
  const id = url.pathname.slice('/notifications/'.length);
  if (url.pathname.startsWith('/notifications/') && id !== '') {
    const record = await options.notifications.get(decodeURIComponent(id));
    return record === undefined
      ? sendJson(res, 404, { error: 'not found' })
      : sendJson(res, 200, toStatusView(record));
  }
  const accountId = url.searchParams.get('accountId');
  if (accountId === null || accountId === '')
    return sendJson(res, 400, { error: 'accountId query parameter required' });
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 500);
  const records = await options.notifications.listByAccount(accountId, limit);
  return sendJson(res, 200, { notifications: records.map(toStatusView) });
}

/** Public verification pages (/verify), the internal status API (/notifications) and read API (/internal/v1). */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const noticesOf = req.method === 'GET' ? accountNoticesPath(url.pathname) : undefined;
    const route =
      url.pathname === '/verify'
        ? handleVerify(req, res, url, options)
        : req.method === 'GET' &&
            (url.pathname === '/notifications' || url.pathname.startsWith('/notifications/'))
          ? handleStatus(req, res, url, options)
          : noticesOf !== undefined
            ? handleAccountNotices(req, res, url, noticesOf, {
                readToken: options.readToken,
                notifications: options.notifications,
                answers: options.answers,
              })
            : Promise.resolve(sendJson(res, 404, { error: 'not found' }));
    route.catch((error: unknown) => {
      options.logger.error({ err: error, path: url.pathname }, 'http request failed');
      if (!res.headersSent) sendJson(res, 503, { error: 'temporarily unavailable' });
      else res.end();
    });
  });
  return listenHttp(server, {
    port: options.port,
    host: options.host,
    drop: 'idle',
    setting: 'HTTP_PORT',
  });
}
