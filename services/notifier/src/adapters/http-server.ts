import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { listenHttp } from '@vigil/observability';
import { VERIFICATION_ANSWERS } from '../domain/verification-answer.ts';
import type { Verification } from '../app/answer-verification.ts';
import type { NotificationReader } from '../app/ports.ts';
import { toStatusView } from '../domain/notification-status-view.ts';
import { messagePage, questionPage } from './http-verification-page.ts';
import type { MessageKey } from '../domain/templates/message-keys.ts';

const MAX_BODY_BYTES = 16 * 1024;

const answerBody = z.object({
  t: z.string().min(1).max(2048),
  answer: z.enum(VERIFICATION_ANSWERS),
});

export interface HttpServerOptions {
  port: number;
  host?: string;
  verification: Verification;
  notifications: NotificationReader;
  /** When set, GET /notifications requires `Authorization: Bearer <token>` (it is an internal API). */
  statusApiToken?: string | undefined;
  logger: Logger;
}

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Form posts from the page, or JSON from an app that shows its own buttons. */
function parseAnswer(req: IncomingMessage, raw: string) {
  try {
    const fields = (req.headers['content-type'] ?? '').includes('application/json')
      ? (JSON.parse(raw) as unknown)
      : Object.fromEntries(new URLSearchParams(raw));
    const parsed = answerBody.safeParse(fields);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const VIEW_STATUS = { invalid: 400, expired: 410, not_found: 404 } as const;
const VIEW_PAGE: Record<keyof typeof VIEW_STATUS, MessageKey> = {
  invalid: 'page.invalid',
  expired: 'page.expired',
  not_found: 'page.invalid',
};

async function handleVerify(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: HttpServerOptions,
) {
  if (req.method === 'GET') {
    const token = url.searchParams.get('t') ?? '';
    const view = await options.verification.view(token);
    if (view.status !== 'ok')
      return sendPage(
        res,
        VIEW_STATUS[view.status],
        messagePage(view.locale, VIEW_PAGE[view.status]),
      );
    if (view.answered !== undefined)
      return sendPage(res, 200, messagePage(view.locale, 'page.already_answered'));
    return sendPage(res, 200, questionPage(view.locale, token));
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' });
    return res.end();
  }
  const raw = await readBody(req);
  const body = raw === undefined ? undefined : parseAnswer(req, raw);
  if (body === undefined) return sendPage(res, 400, messagePage('en', 'page.invalid'));
  const result = await options.verification.answer(body.t, body.answer);
  switch (result.status) {
    case 'recorded':
      return sendPage(
        res,
        200,
        messagePage(result.locale, body.answer === 'yes' ? 'page.thanks_yes' : 'page.thanks_no'),
      );
    case 'duplicate':
      return sendPage(res, 200, messagePage(result.locale, 'page.already_answered'));
    case 'conflict':
      return sendPage(res, 409, messagePage(result.locale, 'page.conflict'));
    case 'unavailable':
      return sendPage(res, 503, messagePage(result.locale, 'page.unavailable'));
    case 'invalid':
    case 'expired':
    case 'not_found':
      return sendPage(
        res,
        VIEW_STATUS[result.status],
        messagePage(result.locale, VIEW_PAGE[result.status]),
      );
  }
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

/** Public verification pages (/verify) and the internal status API (/notifications). */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route =
      url.pathname === '/verify'
        ? handleVerify(req, res, url, options)
        : req.method === 'GET' &&
            (url.pathname === '/notifications' || url.pathname.startsWith('/notifications/'))
          ? handleStatus(req, res, url, options)
          : Promise.resolve(sendJson(res, 404, { error: 'not found' }));
    route.catch((error: unknown) => {
      options.logger.error({ err: error, path: url.pathname }, 'http request failed');
      if (!res.headersSent) sendJson(res, 503, { error: 'temporarily unavailable' });
      else res.end();
    });
  });
  return listenHttp(server, { port: options.port, host: options.host, drop: 'idle' });
}
