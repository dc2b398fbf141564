import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Verification } from '../app/answer-verification.ts';
import { startHttpServer, type HttpServer } from './http-server.ts';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const brand = { name: 'Kumo', primaryColor: '#0b5fff', alertColor: '#c62828', agentFollowUp: true };

/** The routes over a real node:http server, with a Verification that fails as told. */
async function serve(verification: Partial<Verification>) {
  const notImplemented = () => Promise.reject(new Error('not used'));
  server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    brand,
    verification: {
      view: notImplemented,
      answer: notImplemented,
      localeOf: notImplemented,
      ...verification,
    },
    notifications: {
      get: notImplemented,
      listByAccount: notImplemented,
      decisionsCovered: notImplemented,
    },
    answers: { answersOf: notImplemented },
    logger: pino({ level: 'silent' }),
  });
  return `http://127.0.0.1:${server.port}/verify`;
}

describe('verification routes', () => {
  it('a failure on our side is a localized page (503), not JSON, and says to try again', async () => {
    const url = await serve({
      view: () => Promise.reject(new Error('connection terminated unexpectedly')),
    });
    const response = await fetch(`${url}?t=abc`, {
      headers: { 'accept-language': 'zh-CN,zh;q=0.9' },
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('抱歉，我们的系统出现了问题。请几分钟后再试。');
    expect(html).not.toContain('connection terminated');
  });

  it('an oversized or unreadable post is a localized bad-request page', async () => {
    const url = await serve({});
    const big = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ja' },
      body: `t=${'a'.repeat(20_000)}&answer=yes`,
    });
    expect(big.status).toBe(400);
    expect(await big.text()).toContain('ご回答を読み取れませんでした');
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"t":',
    });
    expect(json.status).toBe(400);
    expect(await json.text()).toContain('We could not read your answer');
  });

  it('a link that does not name a verification request is a 404 invalid-link page', async () => {
    const url = await serve({
      view: () => Promise.resolve({ status: 'not_found', locale: 'ja' }),
    });
    const response = await fetch(`${url}?t=x`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('このリンクは無効です。');
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
  });
});
