import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './accept-language.ts';

describe('localeFromAcceptLanguage', () => {
  it('takes the best-weighted language we have pages for', () => {
    expect(localeFromAcceptLanguage('ja-JP,ja;q=0.9,en-US;q=0.8')).toBe('ja');
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('en-GB,zh-CN;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0.3, ja;q=0.7')).toBe('ja');
  });

  it('skips languages we cannot speak instead of reading them as English', () => {
    expect(localeFromAcceptLanguage('de-DE, ja;q=0.8')).toBe('ja');
    // Traditional Chinese is not ours: the next language on the list wins.
    expect(localeFromAcceptLanguage('zh-TW, zh-Hans;q=0.5')).toBe('zh-CN');
  });

  it('ignores refused (q=0) and wildcard entries, and falls back to English', () => {
    expect(localeFromAcceptLanguage('ja;q=0, *;q=0.5, zh-CN;q=0.1')).toBe('zh-CN');
    expect(localeFromAcceptLanguage('fr')).toBe('en');
    expect(localeFromAcceptLanguage('')).toBe('en');
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
    expect(localeFromAcceptLanguage(';;,q=,ja;q=abc')).toBe('en');
  });
});
