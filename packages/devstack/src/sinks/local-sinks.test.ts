import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalSinks, type LocalSinks } from './local-sinks.ts';

let sinks: LocalSinks;
beforeEach(async () => {
  sinks = await startLocalSinks();
});
afterEach(() => sinks.close());

describe('local sinks', () => {
  it('captures a real SMTP delivery with a non-ASCII subject and body, by recipient', async () => {
    const transport = nodemailer.createTransport({
      host: sinks.smtp.host,
      port: sinks.smtp.port,
      secure: false,
    });
    const link = 'http://127.0.0.1:1/verify?t=abc.def-123';
    await transport.sendMail({
      from: 'Vigil <security@vigil.example>',
      to: 'taro@example.jp',
      subject: 'ご本人様によるご利用ですか？',
      text: `確認してください：${link}\n${'長い行'.repeat(40)}`,
      headers: { 'Content-Language': 'ja' },
    });
    await transport.sendMail({
      from: 'security@vigil.example',
      to: 'ann@example.com',
      subject: 'hi',
      text: 'plain',
    });
    transport.close();

    const [mail] = await sinks.smtp.waitForMessages(1, { to: 'TARO@example.jp', timeoutMs: 5_000 });
    expect(mail?.subject).toBe('ご本人様によるご利用ですか？');
    expect(mail?.text).toContain(link);
    expect(mail?.text).toContain('長い行'.repeat(40));
    expect(mail?.headers.get('content-language')).toBe('ja');
    expect(sinks.smtp.messagesTo('ann@example.com').map((m) => m.text)).toEqual(['plain']);
    expect(sinks.countsByChannel()).toEqual({ email: 2, sms: 0, push: 0 });
  });

  it('records SMS and push webhook calls by recipient and answers 404 off the provider paths', async () => {
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(sinks.webhooks.smsUrl, { to: '+819012345678', text: '确认' })).status).toBe(
      200,
    );
    expect(
      (await post(sinks.webhooks.pushUrl, { pushToken: 'tok-1', title: 't', body: 'b' })).status,
    ).toBe(200);
    expect((await post(sinks.webhooks.smsUrl.replace('/sms', '/other'), {})).status).toBe(404);

    const sms = await sinks.webhooks.waitForRequests(1, {
      to: '+819012345678',
      channel: 'sms',
      timeoutMs: 2_000,
    });
    expect(sms[0]?.text).toBe('确认');
    expect(sinks.webhooks.requestsTo('tok-1', 'push')[0]?.text).toBe('b');
    expect(sinks.countsByChannel()).toEqual({ email: 0, sms: 1, push: 1 });
    await expect(
      sinks.webhooks.waitForRequests(1, { to: 'nobody', timeoutMs: 100 }),
    ).rejects.toThrow(/timed out/);
  });
});
