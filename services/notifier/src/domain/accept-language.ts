import { resolveLocale, type SupportedLocale } from './locale-format.ts';

/**
 * The customer's language when the link tells us nothing (a tampered link, a malformed post):
 * the browser's Accept-Language, best q first. resolveLocale maps every unknown tag to English,
 * so a tag counts here only when it really names one of ours: "de, ja;q=0.8" reads Japanese,
 * the first language on the list we can speak, rather than English by default.
 */
export function localeFromAcceptLanguage(header: string | undefined): SupportedLocale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const weight = params.find((param) => /^\s*q=/i.test(param));
      // A malformed weight makes the entry unreadable (NaN), and it is skipped.
      const q =
        weight === undefined ? 1 : Number(/^\s*q=([01](?:\.\d{0,3})?)\s*$/i.exec(weight)?.[1]);
      return { tag: tag.trim(), q, index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    // Stable: equal weights keep the browser's order.
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = resolveLocale(tag);
    if (locale !== 'en' || /^en(-|$)/i.test(tag)) return locale;
  }
  return 'en';
}
