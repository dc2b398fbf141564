import { describe, expect, it } from 'vitest';
import {
  currencyMinorDigits,
  formatInstant,
  formatMoney,
  formatZoneName,
  resolveLocale,
} from './locale-format.ts';
import { formatPlace } from './place-names.ts';

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
    expect(formatMoney({ minor: 9_007_199_254_740_991, currency: 'USD' }, 'en')).toBe(
      '$90,071,992,547,409.91',
    );
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
    expect(formatInstant('2026-11-24T23:30:00.000Z', 'en', 'Asia/Tokyo')).toBe(
      'Nov 25, 2026, 8:30 AM GMT+9',
    );
  });
});

describe('names customers recognise', () => {
  it('writes the Singapore dollar S$ where CLDR only has the code, in every locale', () => {
    expect(formatMoney({ minor: 97375, currency: 'SGD' }, 'en')).toBe('S$973.75');
    expect(formatMoney({ minor: 97375, currency: 'SGD' }, 'zh-CN')).toBe('S$973.75');
    expect(formatMoney({ minor: 97375, currency: 'SGD' }, 'ja')).toBe('S$973.75');
    expect(formatMoney({ minor: -500, currency: 'SGD' }, 'en')).toBe('-S$5.00');
    // CLDR's own symbols stay: US$ and JP¥ in Chinese, ￥ in Japanese.
    expect(formatMoney({ minor: 12500, currency: 'JPY' }, 'zh-CN')).toBe('JP¥12,500');
  });

  it('names China time 北京时间 and Japan time 日本時間, other zones by their generic name', () => {
    const at = '2026-11-24T07:00:00.000Z';
    expect(formatInstant(at, 'zh-CN', 'Asia/Shanghai')).toBe('2026年11月24日 15:00（北京时间）');
    expect(formatInstant(at, 'ja', 'Asia/Tokyo')).toBe('2026年11月24日 16:00（日本時間）');
    expect(formatInstant(at, 'zh-CN', 'Asia/Tokyo')).toBe('2026年11月24日 16:00（日本时间）');
    expect(formatInstant(at, 'ja', 'Asia/Singapore')).toBe(
      '2026年11月24日 15:00（シンガポール時間）',
    );
    expect(formatInstant(at, 'zh-CN', 'America/New_York')).toBe('2026年11月24日 2:00（纽约时间）');
    // No generic name (only an offset): the long one.
    expect(formatZoneName('UTC', 'zh-CN')).toBe('协调世界时');
    expect(formatZoneName('Mars/Olympus', 'ja')).toBe('協定世界時');
    expect(formatInstant(at, 'zh-CN', 'Asia/Urumqi')).not.toContain('北京时间');
  });

  it('writes places in the customer script and order', () => {
    expect(formatPlace({ city: 'Osaka', country: 'JP' }, 'en')).toBe('Osaka, Japan');
    expect(formatPlace({ city: 'Osaka', country: 'JP' }, 'zh-CN')).toBe('日本大阪');
    expect(formatPlace({ city: 'Osaka', country: 'JP' }, 'ja')).toBe('大阪（日本）');
    expect(formatPlace({ city: 'São Paulo', country: 'BR' }, 'ja')).toBe('サンパウロ（ブラジル）');
    expect(formatPlace({ city: 'Singapore', country: 'SG' }, 'zh-CN')).toBe('新加坡');
    expect(formatPlace({ city: 'Springfield', country: 'US' }, 'zh-CN')).toBe('美国 Springfield');
    expect(formatPlace({ country: 'DE' }, 'ja')).toBe('ドイツ');
    expect(formatPlace({}, 'en')).toBeUndefined();
  });
});
