import { connect, type Socket } from 'node:net';
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

  it('carries on when senders drop the connection in the middle of a message', async () => {
    // Two: the first of these errors used to be taken by the listen() listener left behind, the
    // second was an uncaught exception.
    for (const n of [1, 2]) {
      const socket: Socket = connect(sinks.smtp.port, sinks.smtp.host);
      let said = '';
      socket.on('data', (chunk: Buffer) => (said += chunk.toString()));
      const reply = async (code: string) => {
        for (let i = 0; i < 200 && !said.includes(`\n${code}`) && !said.startsWith(code); i++)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(said).toContain(code);
        said = '';
      };
      await reply('220');
      for (const [line, code] of [
        ['EHLO sender.test', '250'],
        ['MAIL FROM:<security@vigil.example>', '250'],
        ['RCPT TO:<cut@example.com>', '250'],
        ['DATA', '354'],
      ] as const) {
        socket.write(`${line}\r\n`);
        await reply(code);
      }
      await new Promise<void>((resolve) =>
        socket.write('Subject: cut off\r\n\r\nhalf a mess', () => resolve()),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The sender dies: a TCP reset, as a killed process's socket sends.
      socket.resetAndDestroy();
      for (let i = 0; i < 200 && sinks.smtp.abortedSessions() < n; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(sinks.smtp.abortedSessions()).toBe(n);
    }

    const transport = nodemailer.createTransport({
      host: sinks.smtp.host,
      port: sinks.smtp.port,
      secure: false,
    });
    await transport.sendMail({ from: 'a@vigil.example', to: 'next@example.com', text: 'next' });
    transport.close();
    expect(sinks.smtp.messagesTo('next@example.com')).toHaveLength(1);
    expect(sinks.smtp.messagesTo('cut@example.com')).toHaveLength(0);
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

  it('shows what customers got over HTTP: a page with clickable links and JSON, newest first', async () => {
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const link = 'http://127.0.0.1:9/verify?t=eyJ2IjoxfQ.c2ln';
    await post(sinks.webhooks.smsUrl, {
      to: '+819000012345',
      text: `ご本人様のご利用ですか？確認：${link}`,
      locale: 'ja',
      kind: 'verification_request',
    });
    const transport = nodemailer.createTransport({
      host: sinks.smtp.host,
      port: sinks.smtp.port,
      secure: false,
    });
    await transport.sendMail({
      from: 'security@vigil.example',
      to: 'ann@example.com',
      subject: 'Your account <locked>',
      text: 'We locked your account.',
      headers: { 'Content-Language': 'en' },
    });
    transport.close();
    await sinks.smtp.waitForMessages(1, { timeoutMs: 5_000 });

    const json = (await (await fetch(`${sinks.capture.url}messages.json`)).json()) as {
      messages: { channel: string; to: string; locale: string; verificationLink?: string }[];
    };
    expect(json.messages.map((m) => [m.channel, m.to, m.locale, m.verificationLink])).toEqual([
      ['email', 'ann@example.com', 'en', undefined],
      ['sms', '+819000012345', 'ja', link],
    ]);
    const page = await fetch(`${sinks.capture.url}?to=${encodeURIComponent('+819000012345')}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain(`<a href="${link}" target="_blank" rel="noreferrer">${link}</a>`);
    expect(html).toContain('class="verify"');
    expect(html).toContain('ご本人様のご利用ですか？');
    expect(html).not.toContain('ann@example.com');
    const all = await (await fetch(sinks.capture.url)).text();
    expect(all.indexOf('ann@example.com')).toBeLessThan(all.indexOf('+819000012345'));
    expect(all).toContain('Your account &#60;locked&#62;');
    expect((await fetch(`${sinks.capture.url}?channel=fax`)).status).toBe(400);
    expect((await fetch(`${sinks.capture.url}nothing`)).status).toBe(404);
  });
});
