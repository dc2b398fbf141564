import { describe, expect, it } from 'vitest';
import type { NotificationFacts } from '../notification.ts';
import { MESSAGE_KEYS } from './message-keys.ts';
import { renderNotification } from './render-notification.ts';
import { DEFAULT_CATALOGS, translator } from './translator.ts';

const facts: NotificationFacts = {
  eventType: 'transaction',
  occurredAt: '2026-11-24T07:00:00.000Z',
  amount: { minor: 12500, currency: 'JPY' },
  merchantName: 'Acme',
  city: 'Osaka',
  country: 'JP',
  deviceId: 'dev-1',
  devicePlatform: 'ios',
  ip: '203.0.113.9',
};
const link = {
  url: 'https://verify.example/verify?t=abc.def',
  expiresAt: '2026-11-25T07:00:00.000Z',
};

describe('renderNotification: verification request', () => {
  it('renders English with the amount, place, device and the customer time zone', () => {
    const message = renderNotification(
      'verification_request',
      facts,
      { locale: 'en-US', timeZone: 'America/New_York' },
      link,
    );
    expect(message.locale).toBe('en');
    expect(message.subject).toBe('Was this you? Please confirm recent activity');
    expect(message.text).toContain('What: A transaction of ¥12,500 at Acme');
    expect(message.text).toContain('When: Nov 24, 2026, 2:00 AM EST');
    expect(message.text).toContain('Where: Osaka, Japan');
    expect(message.text).toContain('Device: iPhone or iPad');
    expect(message.text).not.toContain('dev-1');
    expect(message.text).not.toContain('203.0.113.9');
    expect(message.text).toContain(link.url);
    expect(message.short).toContain(link.url);
  });

  it('renders Simplified Chinese in Asia/Shanghai time', () => {
    const message = renderNotification(
      'verification_request',
      facts,
      { locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
      link,
    );
    expect(message.locale).toBe('zh-CN');
    expect(message.subject).toBe('是您本人操作吗？请确认账户近期活动');
    expect(message.text).toContain('内容：在 Acme 的一笔 JP¥12,500 交易');
    expect(message.text).toContain('时间：2026年11月24日 15:00（北京时间）');
    expect(message.text).toContain('地点：日本大阪');
    expect(message.text).toContain('设备：iPhone 或 iPad');
  });

  it('renders Japanese in Asia/Tokyo time with a yen amount without decimals', () => {
    const message = renderNotification(
      'verification_request',
      facts,
      { locale: 'ja-JP', timeZone: 'Asia/Tokyo' },
      link,
    );
    expect(message.locale).toBe('ja');
    expect(message.subject).toBe('ご本人様によるご利用ですか？最近のご利用の確認');
    expect(message.text).toContain('内容：Acme での ￥12,500 のお取引');
    expect(message.text).toContain('日時：2026年11月24日 16:00（日本時間）');
    expect(message.text).toContain('場所：大阪（日本）');
    expect(message.short).toContain('ご本人様によるご利用ですか？Acme での ￥12,500 のお取引');
  });

  it('describes logins and leaves out facts the decision did not carry', () => {
    const message = renderNotification(
      'verification_request',
      { eventType: 'login', occurredAt: facts.occurredAt },
      { locale: 'en', timeZone: 'UTC' },
      link,
    );
    expect(message.text).toContain('What: A sign-in to your account');
    expect(message.text).not.toContain('Where:');
    expect(message.text).not.toContain('Device:');
  });
});

describe('renderNotification: lock notice and access restored', () => {
  it('tells a locked customer what to do next, with USD in two decimals', () => {
    const message = renderNotification(
      'lock_notice',
      { ...facts, amount: { minor: 12345, currency: 'USD' } },
      { locale: 'en', timeZone: 'UTC' },
      undefined,
    );
    expect(message.subject).toBe('Your account has been locked to protect you');
    expect(message.text).toContain('A transaction of $123.45 at Acme');
    expect(message.text).toContain('What to do next:');
    expect(
      renderNotification('lock_notice', facts, { locale: 'ja', timeZone: 'Asia/Tokyo' }, undefined)
        .text,
    ).toContain('今後のお手続き');
    expect(
      renderNotification('lock_notice', facts, { locale: 'zh-CN', timeZone: 'UTC' }, undefined)
        .text,
    ).toContain('后续步骤');
  });

  it('renders access restored in all three languages', () => {
    const render = (locale: string) =>
      renderNotification('access_restored', facts, { locale, timeZone: 'UTC' }, undefined).subject;
    expect(render('en')).toBe('Access to your account is restored');
    expect(render('zh-CN')).toBe('您的账户访问已恢复');
    expect(render('ja')).toBe('アカウントのご利用を再開しました');
  });
});

describe('fallback to English', () => {
  it('uses English for an unknown locale and UTC for an unknown time zone', () => {
    const message = renderNotification(
      'verification_request',
      facts,
      { locale: 'fr-FR', timeZone: 'Mars/Olympus' },
      link,
    );
    expect(message.locale).toBe('en');
    expect(message.subject).toBe('Was this you? Please confirm recent activity');
    expect(message.text).toContain('When: Nov 24, 2026, 7:00 AM UTC');
  });

  it('falls back per key when a locale lacks a sentence, keeping its other sentences', () => {
    const { 'lock_notice.next_steps': _dropped, ...partialJa } = DEFAULT_CATALOGS.ja;
    const catalogs = { ...DEFAULT_CATALOGS, ja: partialJa };
    const message = renderNotification(
      'lock_notice',
      facts,
      { locale: 'ja', timeZone: 'Asia/Tokyo' },
      undefined,
      catalogs,
    );
    expect(message.subject).toBe('お客様保護のためアカウントをロックしました');
    expect(message.text).toContain('What to do next:');
    expect(message.text).not.toContain('今後のお手続き');
  });

  it('ships complete zh-CN and ja catalogs today', () => {
    for (const key of MESSAGE_KEYS) {
      expect(DEFAULT_CATALOGS['zh-CN'][key], `zh-CN ${key}`).toBeTypeOf('string');
      expect(DEFAULT_CATALOGS.ja[key], `ja ${key}`).toBeTypeOf('string');
    }
  });

  it('never leaks a placeholder when a variable is missing', () => {
    expect(translator('en')('what.transaction_amount')).toBe('A transaction of ');
  });
});
