import type { Money } from '@vigil/events';
import { intlCache } from './intl-cache.ts';

export const SUPPORTED_LOCALES = ['en', 'zh-CN', 'ja'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/**
 * Maps whatever the owning service stored ("ja-JP", "zh-Hans-CN", "zh", "EN-us") onto a locale we
 * have templates for; anything else reads English rather than failing the notice.
 */
export function resolveLocale(requested: string | undefined): SupportedLocale {
  const tag = (requested ?? '').trim().toLowerCase().replace(/_/g, '-');
  if (tag === 'ja' || tag.startsWith('ja-')) return 'ja';
  // Simplified Chinese only: zh-TW / zh-Hant readers get English rather than the wrong script.
  if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag.startsWith('zh-hans'))
    return 'zh-CN';
  return 'en';
}

/** Decimal places of the currency per ISO 4217 as ICU knows them: JPY 0, USD 2, BHD 3. */
const minorDigits = intlCache<number>();
export function currencyMinorDigits(currency: string): number {
  return minorDigits(
    currency,
    () =>
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2,
  );
}

const moneyFormats = intlCache<Intl.NumberFormat>();
const dateTimeFormats = intlCache<Intl.DateTimeFormat>();
const validZones = intlCache<boolean>();
const regionNames = intlCache<Intl.DisplayNames>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return dateTimeFormats(
    `${locale}|${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(locale, options),
  );
}

/**
 * Symbols customers use where CLDR's root data shows the bare ISO code ("SGD 973.75"): the
 * Singapore dollar is written S$ in all three languages (banks, receipts, the MAS itself).
 */
const USUAL_CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { SGD: 'S$' };

/**
 * Formats integer minor units without going through a float: 12345 USD → "123.45" as a decimal
 * string, which Intl.NumberFormat formats exactly (no 0.1 + 0.2 surprises on large amounts). The
 * symbol is the locale's CLDR one ("US$" in zh-CN, "￥" in ja), or the usual one where CLDR has
 * only the code.
 */
export function formatMoney(amount: Money, locale: SupportedLocale): string {
  const digits = currencyMinorDigits(amount.currency);
  const units = String(amount.minor).padStart(digits + 1, '0');
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  const format = moneyFormats(
    `${locale}|${amount.currency}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: amount.currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }),
  );
  // Intl accepts decimal strings at run time (ES2023 Intl.NumberFormat v3); the lib types lag.
  const parts = format.formatToParts(decimal as unknown as number);
  const usual = USUAL_CURRENCY_SYMBOLS[amount.currency];
  const codeShown = parts.some(
    (part) => part.type === 'currency' && part.value === amount.currency,
  );
  if (usual === undefined || !codeShown) return parts.map((part) => part.value).join('');
  // "SGD 973.75" → "S$973.75": a symbol sits against the number, a code needed the space.
  return parts
    .filter(
      (part, i) =>
        !(
          part.type === 'literal' &&
          /^\s+$/u.test(part.value) &&
          parts[i - 1]?.type === 'currency'
        ),
    )
    .map((part) => (part.type === 'currency' ? usual : part.value))
    .join('');
}

/** True when the runtime knows the IANA zone; unknown zones fall back to UTC. */
export function isValidTimeZone(timeZone: string): boolean {
  return validZones(timeZone, () => {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Zone names customers use, where CLDR's generic name is not it: Chinese customers read
 * 北京时间 (the official name of China Standard Time), Japanese ones 日本時間. Only zones on
 * that offset are named so; Asia/Urumqi (UTC+6) keeps its own name.
 */
const USUAL_ZONE_NAMES: Readonly<Record<'zh-CN' | 'ja', Readonly<Record<string, string>>>> = {
  'zh-CN': {
    'Asia/Shanghai': '北京时间',
    'Asia/Chongqing': '北京时间',
    'Asia/Chungking': '北京时间',
    'Asia/Harbin': '北京时间',
    PRC: '北京时间',
    'Asia/Hong_Kong': '香港时间',
    'Asia/Macau': '澳门时间',
    'Asia/Taipei': '台北时间',
  },
  ja: { 'Asia/Tokyo': '日本時間', Japan: '日本時間', 'Asia/Hong_Kong': '香港時間' },
};

function zoneNamePart(
  locale: SupportedLocale,
  zone: string,
  at: Date,
  style: 'shortGeneric' | 'long',
): string {
  const parts = dateTimeFormat(locale, { timeZone: zone, timeZoneName: style }).formatToParts(at);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/**
 * The zone's name as a customer of `locale` says it: the usual name where one exists, else
 * CLDR's generic city or country name (纽约时间, シンガポール時間), else its long name when the
 * generic one is only an offset ("GMT+0" → 协调世界时).
 */
export function formatZoneName(timeZone: string, locale: SupportedLocale, at = new Date()): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const usual = locale === 'en' ? undefined : USUAL_ZONE_NAMES[locale][zone];
  if (usual !== undefined) return usual;
  const generic = zoneNamePart(locale, zone, at, 'shortGeneric');
  return /^(GMT|UTC)/.test(generic) ? zoneNamePart(locale, zone, at, 'long') : generic;
}

/**
 * A UTC instant as the customer reads it: their language, their zone, zone name shown. English
 * keeps CLDR's short zone ("2:00 AM EST"); Chinese and Japanese name the zone after the time, as
 * notices there do: "2026年11月24日 15:00（北京时间）", "2026年11月24日 16:00（日本時間）".
 */
export function formatInstant(iso: string, locale: SupportedLocale, timeZone: string): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const at = new Date(iso);
  const dateTime = {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  } as const;
  if (locale === 'en')
    return dateTimeFormat(locale, { ...dateTime, timeZoneName: 'short' }).format(at);
  return `${dateTimeFormat(locale, dateTime).format(at)}（${formatZoneName(zone, locale, at)}）`;
}

/** "US" → "United States" / "美国" / "アメリカ合衆国"; unknown codes are shown as they are. */
export function formatCountry(code: string, locale: SupportedLocale): string {
  const names = regionNames(
    locale,
    () => new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }),
  );
  try {
    return names.of(code) ?? code;
  } catch {
    // of() refuses a malformed region code (e.g. "U1"): shown as it came.
    return code;
  }
}
