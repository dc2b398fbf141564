import { describe, expect, it } from 'vitest';
import type { NotificationFacts } from './notification.ts';
import { pageDetails } from './page-details.ts';
import { translator } from './templates/translator.ts';

const facts: NotificationFacts = {
  eventType: 'transaction',
  occurredAt: '2026-11-24T07:22:00.000Z',
  amount: { minor: 48000, currency: 'JPY' },
  merchantName: 'Acme Electronics',
  city: 'Osaka',
  country: 'JP',
  deviceId: 'dev-7f3a9c',
  devicePlatform: 'ios',
  ip: '203.0.113.7',
};

const asRecord = (details: ReturnType<typeof pageDetails>) =>
  Object.fromEntries(details.map((d) => [d.name, `${d.label}: ${d.value}`]));

describe('pageDetails', () => {
  it('says what, how much, where, when and on what kind of device, in English', () => {
    expect(asRecord(pageDetails(facts, 'en', 'Asia/Tokyo', translator('en')))).toEqual({
      activity: 'Activity: A transaction on your account',
      amount: 'Amount: ¥48,000',
      merchant: 'Merchant: Acme Electronics',
      place: 'Place: Osaka, Japan',
      time: 'Time: Nov 24, 2026, 4:22 PM GMT+9',
      device: 'Device: iPhone or iPad',
    });
  });

  it('uses the locale’s labels, currency format, country name and the customer’s zone', () => {
    const ja = asRecord(pageDetails(facts, 'ja', 'Asia/Tokyo', translator('ja')));
    expect(ja.amount).toBe('金額: ￥48,000');
    expect(ja.place).toBe('場所: 大阪（日本）');
    // The zone's name is locale-format's business (JST today); the local time is ours.
    expect(ja.time).toMatch(/^日時: 2026年11月24日 16:22\b/);
    expect(ja.device).toBe('端末: iPhone・iPad');
    const zh = asRecord(
      pageDetails(
        { ...facts, amount: { minor: 97375, currency: 'SGD' }, country: 'SG', city: undefined },
        'zh-CN',
        'Asia/Shanghai',
        translator('zh-CN'),
      ),
    );
    expect(zh.amount).toMatch(/^金额: .*973\.75$/);
    expect(zh.place).toBe('地点: 新加坡');
    expect(zh.time).toContain('2026年11月24日');
    expect(zh.device).toBe('设备: iPhone 或 iPad');
  });

  it('names a city-state once', () => {
    const details = pageDetails(
      { ...facts, city: 'Singapore', country: 'SG' },
      'en',
      'Asia/Singapore',
      translator('en'),
    );
    expect(details.find((d) => d.name === 'place')?.value).toBe('Singapore');
  });

  it('never shows the device id or the IP address, and leaves out what it does not know', () => {
    const details = pageDetails(
      {
        occurredAt: facts.occurredAt,
        eventType: 'login',
        deviceId: 'dev-7f3a9c',
        ip: '203.0.113.7',
        devicePlatform: 'kiosk-fw-2',
      },
      'en',
      'UTC',
      translator('en'),
    );
    expect(details.map((d) => d.name)).toEqual(['activity', 'time']);
    const text = JSON.stringify(details);
    expect(text).not.toContain('dev-7f3a9c');
    expect(text).not.toContain('203.0.113.7');
    expect(text).not.toContain('kiosk');
    expect(details[0]?.value).toBe('A sign-in to your account');
  });
});
