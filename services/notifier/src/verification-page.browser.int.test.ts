import { join } from 'node:path';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '@vigil/events';
import {
  createKafkaFixture,
  createPgFixture,
  launchChromium,
  waitFor,
  type KafkaFixture,
  type PgFixture,
} from '@vigil/testing';
import { createLinkSigner } from './adapters/hmac-link-signer.ts';
import type { NotifierDecision } from './domain/decision-context.ts';
import { startNotifier, type RunningNotifier } from './notifier-app.ts';
import { artifactsDir, PHONE_VIEWPORT } from './test-support/chromium.ts';
import { makeDecision } from './test-support/decisions.ts';
import { startHttpReceiver, type HttpReceiver } from './test-support/http-receiver.ts';
import { startKafkaCollector } from './test-support/kafka-collector.ts';
import { notifierTestEnv } from './test-support/notifier-env.ts';

// A customer's journey in a real browser: a real notifier reads a challenge from Kafka, texts the
// link through its SMS webhook channel to a capture sink, and the link from that SMS is opened
// in chromium at phone width, answered, and its error pages checked, in Japanese and Chinese.

const SECRET = 'browser-secret-browser-secret-browser-secret';
const shots = artifactsDir('verification-page');

let kafka: KafkaFixture;
let pgFixture: PgFixture;
let sms: HttpReceiver;
let notifier: RunningNotifier | undefined;
let browser: Browser;
let collector: Awaited<ReturnType<typeof startKafkaCollector>>;

beforeAll(async () => {
  // First, on its own: a machine without chromium fails here, before the fixtures exist (from a
  // Promise.all that rejected, afterAll would not know the topics and schema to remove).
  browser = await launchChromium();
  [kafka, pgFixture, sms] = await Promise.all([
    createKafkaFixture([TOPICS.decisions, TOPICS.feedback, TOPICS.accountCommands], {
      partitions: 2,
      withDlq: true,
    }),
    createPgFixture(),
    startHttpReceiver(),
  ]);
  const env = notifierTestEnv(kafka, pgFixture, {
    VERIFICATION_SECRET: SECRET,
    SMS_WEBHOOK_URL: sms.url,
    BRAND_NAME: 'Vigil Pay',
    BRAND_SUPPORT_PHONE: '+81 3-1234-5678',
    BRAND_SUPPORT_URL: 'https://help.vigil.example/',
  });
  notifier = await startNotifier(env, {
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
  });
  collector = await startKafkaCollector(kafka.kafka, [kafka.topics[TOPICS.feedback]!]);
});

afterAll(async () => {
  await browser?.close();
  for (const step of notifier?.stopSteps ?? []) await step.run();
  await Promise.all([sms?.close(), collector?.stop()]);
  await Promise.all([kafka?.cleanup(), pgFixture?.cleanup()]);
});

interface Customer {
  locale: 'ja-JP' | 'zh-CN';
  timeZone: string;
  phone: string;
  context: NonNullable<NotifierDecision['context']>;
  /** What the page must show, in the customer's words. */
  shows: { amount: string; merchant: string; place: string; time: RegExp; device: string };
  answerNo: string;
  resultHeading: string;
  invalidText: string;
  expiredText: string;
}

const OCCURRED_AT = '2026-11-24T07:22:00.000Z';

const CUSTOMERS: Record<'ja' | 'zh-CN', Customer> = {
  ja: {
    locale: 'ja-JP',
    timeZone: 'Asia/Tokyo',
    phone: '+819012345678',
    context: {
      amount: { minor: 48000, currency: 'JPY' },
      merchantName: 'ヨドバシカメラ',
      geo: { country: 'JP', city: 'Osaka' },
      device: { platform: 'ios' },
    },
    shows: {
      amount: '￥48,000',
      merchant: 'ヨドバシカメラ',
      place: '大阪（日本）',
      time: /2026年11月24日.*16:22/,
      device: 'iPhone・iPad',
    },
    answerNo: 'いいえ、心当たりがありません',
    resultHeading: 'ご回答を受け付けました',
    invalidText: 'このリンクは無効です。',
    expiredText: 'このリンクは有効期限が切れています。',
  },
  'zh-CN': {
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    phone: '+8613800138000',
    context: {
      amount: { minor: 128800, currency: 'CNY' },
      merchantName: '星巴克',
      geo: { country: 'CN', city: 'Shanghai' },
      device: { platform: 'android' },
    },
    shows: {
      amount: '¥1,288.00',
      merchant: '星巴克',
      place: '中国上海',
      time: /2026年11月24日.*15:22/,
      device: '安卓手机或平板',
    },
    answerNo: '不，不是我',
    resultHeading: '已收到您的答复',
    invalidText: '此链接无效。',
    expiredText: '此链接已过期。',
  },
};

/** A challenge for a new account of this customer, through Kafka; resolves with the SMS's link. */
async function challengeBySms(customer: Customer) {
  const decision = makeDecision({ occurredAt: OCCURRED_AT, context: customer.context });
  await pgFixture.pool.query(
    `INSERT INTO contact_preferences (account_id, locale, time_zone, phone, channels)
     VALUES ($1, $2, $3, $4, '{sms}')`,
    [decision.accountId, customer.locale, customer.timeZone, customer.phone],
  );
  const producer = kafka.kafka.producer();
  await producer.connect();
  await producer.send({
    topic: kafka.topics[TOPICS.decisions]!,
    messages: [{ key: decision.accountId, value: JSON.stringify(decision) }],
  });
  await producer.disconnect();
  const text = await waitFor(
    () => {
      const sent = sms.requests.find(
        (r) => (r.body as { to?: string } | undefined)?.to === customer.phone,
      );
      return (sent?.body as { text?: string } | undefined)?.text;
    },
    { what: `SMS to ${customer.phone}`, timeoutMs: 60_000 },
  );
  const link = /https:\/\/verify\.vigil\.test\/verify\?t=[\w.%-]+/.exec(text)?.[0];
  expect(link, text).toBeDefined();
  // The public host stands for the proxy in front of the notifier: open it on the notifier.
  const url = new URL(link!);
  const local = new URL(`http://127.0.0.1:${notifier!.httpPort}${url.pathname}${url.search}`);
  return { decision, link: local, token: url.searchParams.get('t')! };
}

/** A page in a browser whose own language is English: the link's language must win. */
async function phonePage(acceptLanguage = 'en-US'): Promise<Page> {
  const context = await browser.newContext({
    viewport: PHONE_VIEWPORT,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: acceptLanguage,
  });
  return context.newPage();
}

async function detail(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-detail="${name}"] dd`).textContent()) ?? '';
}

describe('the verification page in a phone-width browser', () => {
  for (const [key, customer] of Object.entries(CUSTOMERS)) {
    it(`${key}: the SMS link shows the activity, "not me" locks and thanks in ${key}`, async () => {
      const { decision, link } = await challengeBySms(customer);
      const page = await phonePage();
      const response = await page.goto(link.toString());
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(key);
      expect(await detail(page, 'amount')).toBe(customer.shows.amount);
      expect(await detail(page, 'merchant')).toBe(customer.shows.merchant);
      expect(await detail(page, 'place')).toBe(customer.shows.place);
      expect(await detail(page, 'time')).toMatch(customer.shows.time);
      expect(await detail(page, 'device')).toBe(customer.shows.device);
      const body = (await page.textContent('body')) ?? '';
      expect(body).not.toContain(decision.subject.deviceId!);
      expect(body).not.toContain(decision.subject.ip!);
      expect(body).toContain('+81 3-1234-5678');
      // Nothing wider than the phone: no sideways scrolling.
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      const noButton = page.getByRole('button', { name: customer.answerNo });
      expect((await noButton.boundingBox())?.height).toBeGreaterThanOrEqual(48);
      await page.screenshot({ path: join(shots, `question-${key}.png`), fullPage: true });

      await noButton.click();
      await page.waitForSelector('[data-outcome="thanks_no"]');
      expect(await page.textContent('h1')).toBe(customer.resultHeading);
      expect(await page.getAttribute('html', 'lang')).toBe(key);
      await page.screenshot({ path: join(shots, `answered-no-${key}.png`), fullPage: true });
      const fraud = await waitFor(
        () =>
          collector
            .on(kafka.topics[TOPICS.feedback]!)
            .find((record) => record.value.decisionId === decision.decisionId),
        { what: 'fraud feedback' },
      );
      expect(fraud.value).toMatchObject({ verdict: 'fraud', source: 'customer_verification' });
      await page.context().close();
    });

    it(`${key}: tampered and expired links show the error page in ${key}`, async () => {
      // Another customer of the same language (another phone), so the SMS found is this one.
      const { link, token } = await challengeBySms({
        ...customer,
        phone: `${customer.phone.slice(0, -4)}0001`,
      });
      const [payload, signature] = token.split('.');
      const tampered = new URL(link);
      tampered.searchParams.set('t', `${payload}.${signature!.slice(0, -3)}AAA`);
      // A tampered link names nothing we trust: the browser's own language decides.
      const asCustomer = await phonePage(customer.locale);
      const invalid = await asCustomer.goto(tampered.toString());
      expect(invalid?.status()).toBe(400);
      expect(await asCustomer.getAttribute('html', 'lang')).toBe(key);
      expect(await asCustomer.textContent('[data-outcome="invalid"]')).toContain(
        customer.invalidText,
      );
      await asCustomer.screenshot({ path: join(shots, `invalid-${key}.png`), fullPage: true });
      await asCustomer.context().close();

      // An expired link is still genuinely ours: its notice's language wins over the browser's.
      const notificationId = (
        JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { n: string }
      ).n;
      const expiredToken = createLinkSigner({
        secrets: [SECRET],
        ttlMs: 1_000,
        now: () => new Date(Date.now() - 3_600_000),
      }).sign(notificationId).token;
      const expired = new URL(link);
      expired.searchParams.set('t', expiredToken);
      const english = await phonePage('en-US');
      const gone = await english.goto(expired.toString());
      expect(gone?.status()).toBe(410);
      expect(await english.getAttribute('html', 'lang')).toBe(key);
      expect(await english.textContent('[data-outcome="expired"]')).toContain(customer.expiredText);
      await english.screenshot({ path: join(shots, `expired-${key}.png`), fullPage: true });
      await english.context().close();
    });
  }
});
