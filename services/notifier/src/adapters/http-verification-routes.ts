import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { AnswerResult, Verification } from '../app/answer-verification.ts';
import { localeFromAcceptLanguage } from '../domain/accept-language.ts';
import type { Brand } from '../domain/brand.ts';
import type { SupportedLocale } from '../domain/locale-format.ts';
import { VERIFICATION_ANSWERS } from '../domain/verification-answer.ts';
import { outcomePage, questionPage, type Outcome } from './http-verification-page.ts';

const MAX_BODY_BYTES = 16 * 1024;

const answerBody = z.object({
  t: z.string().min(1).max(2048),
  answer: z.enum(VERIFICATION_ANSWERS),
});

export interface VerificationRouteOptions {
  verification: Verification;
  brand: Brand;
  logger: Logger;
}

/**
 * Inline styles and `data:` images (the inlined logo) only: no script, no external anything, no
 * framing; forms post back to us alone.
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

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
function parseFields(req: IncomingMessage, raw: string): unknown {
  try {
    return (req.headers['content-type'] ?? '').includes('application/json')
      ? (JSON.parse(raw) as unknown)
      : Object.fromEntries(new URLSearchParams(raw));
  } catch {
    return undefined;
  }
}

/** The token of a post we could not accept, if it carried one: its notice knows the language. */
function tokenIn(fields: unknown): string | undefined {
  const parsed = answerBody.shape.t.safeParse((fields as { t?: unknown } | undefined)?.t);
  return parsed.success ? parsed.data : undefined;
}

const STATUS_CODES: Record<Outcome, number> = {
  thanks_yes: 200,
  thanks_no: 200,
  already_answered: 200,
  conflict: 409,
  expired: 410,
  invalid: 400,
  unavailable: 503,
  server_error: 503,
  bad_request: 400,
};

function answerOutcome(result: AnswerResult, answer: 'yes' | 'no'): Outcome {
  switch (result.status) {
    case 'recorded':
      return answer === 'yes' ? 'thanks_yes' : 'thanks_no';
    case 'duplicate':
      return 'already_answered';
    case 'not_found':
      return 'invalid';
    case 'conflict':
    case 'invalid':
    case 'expired':
    case 'unavailable':
      return result.status;
  }
}

/** 404 for a link to something that is not a verification request, 400 for a bad one. */
function statusOf(outcome: Outcome, notFound: boolean): number {
  return notFound ? 404 : STATUS_CODES[outcome];
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: VerificationRouteOptions,
  fallback: SupportedLocale,
): Promise<void> {
  const page = (status: number, locale: SupportedLocale | undefined, outcome: Outcome) =>
    sendPage(res, status, outcomePage(options.brand, locale ?? fallback, outcome));
  if (req.method === 'GET') {
    const token = url.searchParams.get('t') ?? '';
    const view = await options.verification.view(token);
    if (view.status !== 'ok') {
      const outcome = view.status === 'not_found' ? 'invalid' : view.status;
      return page(statusOf(outcome, view.status === 'not_found'), view.locale, outcome);
    }
    if (view.answered !== undefined) return page(200, view.locale, 'already_answered');
    return sendPage(
      res,
      200,
      questionPage(options.brand, view.locale ?? fallback, token, view.activity),
    );
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'GET, POST' });
    return void res.end();
  }
  const raw = await readBody(req);
  const fields = raw === undefined ? undefined : parseFields(req, raw);
  const body = answerBody.safeParse(fields);
  if (!body.success) {
    const token = tokenIn(fields);
    const locale = token === undefined ? undefined : await options.verification.localeOf(token);
    return page(400, locale, 'bad_request');
  }
  const result = await options.verification.answer(body.data.t, body.data.answer);
  const outcome = answerOutcome(result, body.data.answer);
  return page(statusOf(outcome, result.status === 'not_found'), result.locale, outcome);
}

/**
 * GET/POST /verify. Every page is in the customer's language: the one of the notice the link
 * came from, else the browser's (Accept-Language), also when something fails on our side.
 */
export async function handleVerify(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: VerificationRouteOptions,
): Promise<void> {
  const fallback = localeFromAcceptLanguage(req.headers['accept-language']);
  try {
    await handle(req, res, url, options, fallback);
  } catch (error) {
    options.logger.error({ err: error, method: req.method }, 'verification page failed');
    if (res.headersSent) return void res.end();
    sendPage(res, 503, outcomePage(options.brand, fallback, 'server_error'));
  }
}
