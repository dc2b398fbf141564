import { describe, expect, it } from 'vitest';
import { customerMessages, linksIn, verificationLinkIn } from './customer-messages.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, seconds));

describe('customer messages', () => {
  it('merges mail and webhook captures newest first, with language and kind', () => {
    const messages = customerMessages(
      [
        {
          from: 'security@vigil.example',
          to: ['ann@example.com'],
          subject: 'Was this you?',
          text: 'Confirm: http://127.0.0.1:1/verify?t=a.b',
          headers: new Map([['content-language', 'en']]),
          receivedAt: at(1),
        },
      ],
      [
        {
          channel: 'sms',
          method: 'POST',
          path: '/sms',
          headers: {},
          body: {
            to: '+819000012345',
            text: '確認：x',
            locale: 'ja',
            kind: 'verification_request',
          },
          to: '+819000012345',
          text: '確認：x',
          receivedAt: at(2),
        },
        {
          channel: 'push',
          method: 'POST',
          path: '/push',
          headers: {},
          body: { pushToken: 'tok', title: '账户已锁定', body: 'b', locale: 'zh-CN' },
          to: 'tok',
          text: 'b',
          receivedAt: at(0),
        },
      ],
    );
    expect(messages.map((m) => [m.channel, m.to, m.locale, m.kind, m.subject])).toEqual([
      ['sms', '+819000012345', 'ja', 'verification_request', undefined],
      ['email', 'ann@example.com', 'en', undefined, 'Was this you?'],
      ['push', 'tok', 'zh-CN', undefined, '账户已锁定'],
    ]);
  });

  it('finds links without the punctuation around them, and the verification link among them', () => {
    const text =
      'ご本人様のご利用ですか？確認：http://127.0.0.1:8080/verify?t=eyJ2.sig-_1。詳細は https://help.example/faq.';
    expect(linksIn(text)).toEqual([
      'http://127.0.0.1:8080/verify?t=eyJ2.sig-_1',
      'https://help.example/faq',
    ]);
    expect(verificationLinkIn(text)).toBe('http://127.0.0.1:8080/verify?t=eyJ2.sig-_1');
    expect(verificationLinkIn('Your account was locked. Contact support.')).toBeUndefined();
    expect(verificationLinkIn('see https://example.com/verify (no token)')).toBeUndefined();
  });
});
