import type { Money } from '@vigil/events';

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
  if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag.startsWith('zh-hans')) return 'zh-CN';
  return 'en';
}

/** Decimal places of the currency per ISO 4217 as ICU knows them: JPY 0, USD 2, BHD 3. */
export function currencyMinorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Formats integer minor units without going through a float: 12345 USD → "123.45" as a decimal
 * string, which Intl.NumberFormat formats exactly (no 0.1 + 0.2 surprises on large amounts).
 */
export function formatMoney(amount: Money, locale: SupportedLocale): string {
  const digits = currencyMinorDigits(amount.currency);
  const units = String(amount.minor).padStart(digits + 1, '0');
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: amount.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl accepts decimal strings at run time (ES2023 Intl.NumberFormat v3); the lib types lag.
  return format.format(decimal as unknown as number);
}

/** True when the runtime knows the IANA zone; unknown zones fall back to UTC. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A UTC instant as the customer reads it: their language, their zone, zone name shown. */
export function formatInstant(iso: string, locale: SupportedLocale, timeZone: string): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : 'UTC';
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** "US" → "United States" / "美国" / "アメリカ合衆国"; unknown codes are shown as they are. */
export function formatCountry(code: string, locale: SupportedLocale): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
