import { describe, expect, it } from 'vitest';
import { currencyMinorDigits, formatInstant, formatMoney, resolveLocale } from './locale-format.ts';

describe('formatMoney', () => {
  it('uses the currency minor units: JPY 0, USD 2, BHD 3', () => {
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('USD')).toBe(2);
    expect(currencyMinorDigits('BHD')).toBe(3);
    expect(formatMoney({ minor: 12500, currency: 'JPY' }, 'ja')).toBe('￥12,500');
    expect(formatMoney({ minor: 12500, currency: 'USD' }, 'en')).toBe('$125.00');
    expect(formatMoney({ minor: 5, currency: 'USD' }, 'en')).toBe('$0.05');
    expect(formatMoney({ minor: 1234567, currency: 'BHD' }, 'en')).toBe('BHD\u00a01,234.567');
    expect(formatMoney({ minor: 12500, currency: 'USD' }, 'zh-CN')).toBe('US$125.00');
  });

  it('is exact for amounts beyond float precision of the major unit', () => {
    expect(formatMoney({ minor: 9_007_199_254_740_991, currency: 'USD' }, 'en')).toBe('$90,071,992,547,409.91');
  });
});

describe('resolveLocale', () => {
  it('maps regional and script variants onto the template locales', () => {
    expect(resolveLocale('ja-JP')).toBe('ja');
    expect(resolveLocale('zh')).toBe('zh-CN');
    expect(resolveLocale('zh_Hans_CN')).toBe('zh-CN');
    expect(resolveLocale('zh-TW')).toBe('en');
    expect(resolveLocale('de')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });
});

describe('formatInstant', () => {
  it('shows a UTC instant in the customer zone', () => {
    expect(formatInstant('2026-11-24T23:30:00.000Z', 'en', 'Asia/Tokyo')).toBe('Nov 25, 2026, 8:30 AM GMT+9');
  });
});
