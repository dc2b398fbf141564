import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './messages-en.ts';
import { ja } from './messages-ja.ts';
import { zhCN } from './messages-zh-cn.ts';

export const LOCALES = ['en', 'zh-CN', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  ja: '日本語',
};

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN, ja };
const COOKIE = 'vigil_lang';

/** The saved choice (a cookie, so it survives sign-out), else the browser's language. */
export function initialLocale(): Locale {
  const saved = /(?:^|;\s*)vigil_lang=([^;]+)/.exec(document.cookie)?.[1];
  const wanted = [saved ? decodeURIComponent(saved) : undefined, ...navigator.languages];
  for (const tag of wanted) {
    if (!tag) continue;
    const exact = LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    if (tag.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (tag.toLowerCase().startsWith('ja')) return 'ja';
  }
  return 'en';
}

function saveLocale(locale: Locale): void {
  document.cookie = `${COOKIE}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Strict`;
  document.documentElement.lang = locale;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  date: (iso: string) => string;
  relative: (iso: string, now?: number) => string;
  duration: (seconds: number) => string;
  money: (minor: string | number, currency: string) => string;
  number: (value: number) => string;
}

// Intl.RelativeTimeFormat picks no unit itself: the largest that gives at least 1.
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/** Minor units → major by the currency's own decimals (JPY 0, USD and CNY 2). */
export function formatMoney(locale: string, minor: string | number, currency: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(Number(minor) / 10 ** digits);
}

export function createI18n(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const messages = MESSAGES[locale];
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const numbers = new Intl.NumberFormat(locale);
  return {
    locale,
    setLocale,
    t: (key, params = {}) =>
      messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in params ? String(params[name]) : whole,
      ),
    date: (iso) => dates.format(new Date(iso)),
    relative: (iso, now = Date.now()) => {
      const seconds = Math.round((Date.parse(iso) - now) / 1000);
      const [unit, size] = UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? UNITS[3]!;
      return relative.format(Math.round(seconds / size), unit);
    },
    duration: (seconds) => {
      const [unit, size] = UNITS.find(([, s]) => seconds >= s) ?? UNITS[3]!;
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(
        Math.floor(seconds / size),
      );
    },
    money: (minor, currency) => formatMoney(locale, minor, currency),
    number: (value) => numbers.format(value),
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const value = useMemo(
    () =>
      createI18n(locale, (next) => {
        saveLocale(next);
        setLocaleState(next);
      }),
    [locale],
  );
  document.documentElement.lang = locale;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
