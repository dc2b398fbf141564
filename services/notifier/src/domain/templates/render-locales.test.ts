import { describe, expect, it } from 'vitest';
import { makeDecision } from '../../test-support/decisions.ts';
import { SUPPORTED_LOCALES, type SupportedLocale } from '../locale-format.ts';
import { NOTIFICATION_KINDS, type NotificationFacts } from '../notification.ts';
import { planFromDecision } from '../plan-notification.ts';
import { SMS_MAX_SEGMENTS, smsSize } from '../sms-length.ts';
import { renderNotice, type NoticeContent } from './render-notification.ts';

// Real examples: decisions as the risk engine writes them for the simulator's world (its cities,
// currencies and device platforms), through the same planning as the intake, rendered as each
// customer would get them, with a link as long as the signer's (74 + 1 + 43 characters of token).
const link = {
  url: `https://verify.vigil.example/verify?t=${'eyJ2IjoxLCJuIjoi'.padEnd(74, 'A')}.${'s'.repeat(43)}`,
  expiresAt: '2026-11-25T07:00:00.000Z',
};
const ZONES: Record<SupportedLocale, string> = {
  en: 'America/New_York',
  'zh-CN': 'Asia/Shanghai',
  ja: 'Asia/Tokyo',
};

const decisions = {
  'yen payment at a merchant, iPhone, Osaka': makeDecision({
    context: {
      amount: { minor: 48000, currency: 'JPY' },
      merchantName: 'Acme Electronics',
      geo: { country: 'JP', city: 'Osaka' },
      device: { platform: 'ios' },
    },
  }),
  'Singapore dollars, Android, Singapore': makeDecision({
    outcome: 'block',
    context: {
      amount: { minor: 97375, currency: 'SGD' },
      merchantName: 'Marina Bay Gadgets Pte Ltd',
      geo: { country: 'SG', city: 'Singapore' },
      device: { platform: 'android' },
    },
  }),
  'login from a browser in Lagos': makeDecision({
    eventType: 'login',
    context: { geo: { country: 'NG', city: 'Lagos' }, device: { platform: 'web' } },
  }),
  'account change, nothing known but the device kind': makeDecision({
    eventType: 'account_change',
    context: { device: { platform: 'windows-desktop' } },
  }),
  'euro payment with a very long merchant name, São Paulo': makeDecision({
    context: {
      amount: { minor: 123456, currency: 'EUR' },
      merchantName: 'Companhia Brasileira de Distribuição Eletrônica e Comércio Internacional Ltda',
      geo: { country: 'BR', city: 'São Paulo' },
      device: { platform: 'android' },
    },
  }),
};

type Example = { name: string; content: NoticeContent; ids: string[] };

/** Every example as each kind of notice, plus an incident of seven activities listing five. */
function examples(): Example[] {
  const plans = Object.entries(decisions).map(([name, decision]) => {
    const intent = planFromDecision({ ...decision, outcome: 'challenge' })!;
    const ids = [
      decision.decisionId,
      decision.eventId,
      decision.subject.deviceId!,
      decision.subject.ip!,
    ];
    return { name, facts: intent.facts, ids };
  });
  const allIds = plans.flatMap((plan) => plan.ids);
  const single = plans.flatMap(({ name, facts, ids }) =>
    NOTIFICATION_KINDS.map((kind) => ({ name: `${kind}: ${name}`, content: { kind, facts }, ids })),
  );
  const [first, ...rest] = plans.map((plan) => plan.facts) as [
    NotificationFacts,
    ...NotificationFacts[],
  ];
  const incident = (['verification_request', 'lock_notice'] as const).map((kind) => ({
    name: `${kind}: an incident of seven activities`,
    content: { kind, facts: first, activities: rest, activityCount: 7 },
    ids: allIds,
  }));
  return [...single, ...incident];
}

describe.each(SUPPORTED_LOCALES)('every notice in %s', (locale) => {
  const recipient = { locale, timeZone: ZONES[locale] };

  it.each(examples())(
    '$name: no placeholder, no internal id, SMS within the limit',
    ({ content, ids }) => {
      const message = renderNotice(content, recipient, link);
      expect(message.locale).toBe(locale);
      for (const part of [message.subject, message.text, message.short]) {
        expect(part).not.toMatch(/[{}]/);
        for (const id of ids) expect(part).not.toContain(id);
        expect(part).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/); // no IP address of any kind
      }
      const size = smsSize(message.short);
      expect(size.segments, `${size.encoding} ${size.units}: ${message.short}`).toBeLessThanOrEqual(
        SMS_MAX_SEGMENTS,
      );
      if (content.kind === 'verification_request') {
        expect(message.text).toContain(link.url);
        expect(message.short).toContain(link.url);
      }
      if (locale !== 'en')
        expect(message.subject).toMatch(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u);
    },
  );

  it('names the merchant in the SMS when it fits, and drops it (not the link) when it does not', () => {
    const [yen, , , , long] = Object.values(decisions).map(
      (decision) => planFromDecision(decision)!.facts,
    );
    const fits = renderNotice({ kind: 'verification_request', facts: yen! }, recipient, link);
    expect(fits.short).toContain('Acme Electronics');
    const tooLong = renderNotice({ kind: 'verification_request', facts: long! }, recipient, link);
    expect(tooLong.short).not.toContain('Companhia');
    expect(tooLong.short).toContain(link.url);
    const lock = renderNotice({ kind: 'lock_notice', facts: yen! }, recipient, undefined);
    expect(lock.short).toContain('Acme Electronics');
  });

  it('lists the activities of an incident, numbered, with how many more there were', () => {
    const [first, ...rest] = Object.values(decisions).map(
      (decision) => planFromDecision(decision)!.facts,
    );
    const message = renderNotice(
      {
        kind: 'verification_request',
        facts: first!,
        activities: rest.slice(0, 4),
        activityCount: 7,
      },
      recipient,
      link,
    );
    const numbered = message.text.split('\n').filter((line) => /^\d\. /.test(line));
    expect(numbered).toHaveLength(5);
    expect(message.text).toContain('2');
    expect(message.text).toMatch(/7/);
  });
});

describe('locale details in real notices', () => {
  it('shows S$, 北京时间 and the city in Chinese script in a zh-CN lock notice', () => {
    const facts = planFromDecision(decisions['Singapore dollars, Android, Singapore'])!.facts;
    const message = renderNotice(
      { kind: 'lock_notice', facts },
      { locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
      undefined,
    );
    expect(message.text).toContain('S$973.75');
    expect(message.text).toContain('（北京时间）');
    expect(message.text).toContain('地点：新加坡');
    expect(message.text).toContain('设备：安卓手机或平板');
  });

  it('shows 日本時間 and a katakana city in a Japanese verification request', () => {
    const facts = planFromDecision(decisions['login from a browser in Lagos'])!.facts;
    const message = renderNotice(
      { kind: 'verification_request', facts },
      { locale: 'ja', timeZone: 'Asia/Tokyo' },
      link,
    );
    expect(message.text).toContain('（日本時間）');
    expect(message.text).toContain('場所：ラゴス（ナイジェリア）');
    expect(message.text).toContain('端末：ウェブブラウザ');
  });
});
