import { describe, expect, it } from 'vitest';
import type { Brand } from '../domain/brand.ts';
import { SUPPORTED_LOCALES } from '../domain/locale-format.ts';
import { en } from '../domain/templates/catalog-en.ts';
import { OUTCOMES, outcomePage, questionPage } from './http-verification-page.ts';

const brand: Brand = {
  name: 'Kumo <Pay>',
  primaryColor: '#0b5fff',
  alertColor: '#c62828',
  logoDataUri: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
  supportPhone: '+81 3-1234-5678',
  supportUrl: 'https://help.kumo.example/security?from=verify&x="y"',
  agentFollowUp: true,
};

const activity = {
  facts: {
    eventType: 'transaction' as const,
    occurredAt: '2026-11-24T07:22:00.000Z',
    amount: { minor: 48000, currency: 'JPY' },
    merchantName: 'Acme <b>Electronics</b>',
    city: 'Osaka',
    country: 'JP',
    deviceId: 'dev-7f3a9c',
    devicePlatform: 'android',
    ip: '203.0.113.7',
  },
  others: [],
  total: 1,
  timeZone: 'Asia/Tokyo',
  expiresAt: new Date('2026-11-25T07:22:00.000Z'),
};

/** Visible text, roughly: what a customer reads (tags and the stylesheet removed). */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('question page', () => {
  it('shows what is being confirmed, two actions with what follows, and the support contact', () => {
    const html = questionPage(brand, 'ja', 'tok.en"<', activity);
    const text = textOf(html);
    expect(html).toContain('<html lang="ja">');
    expect(text).toContain('￥48,000');
    expect(text).toContain('Acme &#60;b&#62;Electronics&#60;/b&#62;');
    expect(text).toContain('大阪（日本）');
    expect(text).toMatch(/2026年11月24日 16:22/);
    expect(text).toContain('Android 端末');
    expect(html.match(/<form method="post" action="">/g)).toHaveLength(2);
    expect(html).toContain('name="t" value="tok.en&#34;&#60;"');
    expect(text).toContain('はい、本人です');
    expect(text).toContain('ただちにアカウントをロック');
    expect(html).toContain('href="tel:+81312345678"');
    expect(html).toContain(
      'href="https://help.kumo.example/security?from=verify&#38;x=&#34;y&#34;"',
    );
    expect(html).toContain('<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="">');
    expect(text).toContain('Kumo &#60;Pay&#62;');
    expect(text).toMatch(/2026年11月25日 16:22/);
  });

  it('never shows internal ids, IP addresses, placeholders or external resources', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const html = questionPage(brand, locale, 'token', activity);
      expect(html).not.toContain('dev-7f3a9c');
      expect(html).not.toContain('203.0.113.7');
      expect(textOf(html)).not.toMatch(/\{\w+\}/);
      expect(html).not.toMatch(/<script|<link|src="http|url\(/i);
    }
  });

  it('a request that gathered several activities of an incident lists them all, then counts the rest', () => {
    const later = {
      ...activity.facts,
      occurredAt: '2026-11-24T07:31:00.000Z',
      amount: { minor: 52000, currency: 'JPY' },
      merchantName: 'Kaden Mart',
      deviceId: 'dev-other-1',
      ip: '198.51.100.9',
    };
    const html = questionPage(brand, 'ja', 'token', {
      ...activity,
      others: [
        later,
        {
          ...later,
          occurredAt: '2026-11-24T07:40:00.000Z',
          amount: { minor: 9000, currency: 'JPY' },
        },
      ],
      total: 4,
    });
    const text = textOf(html);
    expect(html.match(/<li>/g)).toHaveLength(3);
    expect(text).toContain('￥52,000 · Kaden Mart · 大阪（日本） · 2026年11月24日 16:31');
    expect(text).toContain('￥9,000');
    expect(text).toContain('ほか 1 件');
    expect(html).not.toContain('dev-other-1');
    expect(html).not.toContain('198.51.100.9');
    // One activity: no list.
    expect(questionPage(brand, 'ja', 'token', activity)).not.toContain('<ul');
  });

  it('points to the app for help when no phone or web page is configured', () => {
    const html = questionPage(
      { name: 'Kumo', primaryColor: '#ffd600', alertColor: '#c62828', agentFollowUp: true },
      'zh-CN',
      'token',
      activity,
    );
    expect(textOf(html)).toContain('请通过应用或官方网站联系 Kumo 客服。');
    expect(html).not.toContain('<img');
    // A light brand colour gets dark text on its buttons.
    expect(html).toContain('.yes{background:#ffd600;color:#111111}');
  });
});

describe('outcome pages', () => {
  it('every outcome reads in the customer’s own language, with support contact', () => {
    for (const outcome of OUTCOMES) {
      const english = textOf(outcomePage(brand, 'en', outcome));
      for (const locale of ['ja', 'zh-CN'] as const) {
        const html = outcomePage(brand, locale, outcome);
        const text = textOf(html);
        expect(html).toContain(`<html lang="${locale}">`);
        expect(html).toContain(`data-outcome="${outcome}"`);
        // No English sentence left over from the fallback.
        for (const sentence of Object.values(en).filter((s) => s.length > 12 && !s.includes('{')))
          expect(text, `${locale} ${outcome}`).not.toContain(sentence);
        expect(text).not.toMatch(/\{\w+\}/);
        expect(html).toContain('href="tel:+81312345678"');
      }
      expect(english).toMatch(/[A-Za-z]{4}/);
    }
    expect(textOf(outcomePage(brand, 'ja', 'expired'))).toContain(
      'このリンクはご利用いただけません',
    );
    expect(textOf(outcomePage(brand, 'zh-CN', 'thanks_no'))).toContain('已收到您的答复');
  });

  it('promises that the team gets in touch only where a "not me" raises a case', () => {
    const unreviewed: Brand = { ...brand, agentFollowUp: false };
    const contact = {
      en: /our team will contact you/,
      ja: /担当者/,
      'zh-CN': /我们的团队/,
    } as const;
    for (const locale of SUPPORTED_LOCALES) {
      const promise = contact[locale];
      expect(textOf(questionPage(brand, locale, 'token', activity))).toMatch(promise);
      expect(textOf(outcomePage(brand, locale, 'thanks_no'))).toMatch(promise);
      const question = textOf(questionPage(unreviewed, locale, 'token', activity));
      const thanks = textOf(outcomePage(unreviewed, locale, 'thanks_no'));
      for (const text of [question, thanks]) {
        expect(text, locale).not.toMatch(promise);
        // Sent to support instead, and still told the account is locked.
        expect(text, locale).toMatch(/contact support|サポートまでご連絡|联系客服/);
      }
      expect(thanks).toMatch(/locked|ロックしました|已锁定/);
    }
  });
});
