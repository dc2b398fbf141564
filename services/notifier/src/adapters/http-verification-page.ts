import type { SupportedLocale } from '../domain/locale-format.ts';
import type { MessageKey } from '../domain/templates/message-keys.ts';
import { translator } from '../domain/templates/translator.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(locale: SupportedLocale, body: string): string {
  const t = translator(locale);
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(t('page.title'))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
button{font-size:1.1rem;padding:.8rem 1.2rem;margin:.4rem .4rem 0 0;cursor:pointer}</style></head>
<body>${body}</body></html>`;
}

/**
 * The confirmation page behind the emailed link: two buttons that POST the signed token. Link
 * scanners that follow the GET see this page and change nothing.
 */
export function questionPage(locale: SupportedLocale, token: string): string {
  const t = translator(locale);
  const form = (answer: 'yes' | 'no', label: MessageKey) =>
    `<form method="post" action=""><input type="hidden" name="t" value="${escapeHtml(token)}">` +
    `<input type="hidden" name="answer" value="${answer}"><button type="submit">${escapeHtml(t(label))}</button></form>`;
  return page(
    locale,
    `<h1>${escapeHtml(t('page.question'))}</h1>${form('yes', 'page.yes')}${form('no', 'page.no')}`,
  );
}

/** A one-sentence page: thanks, already answered, expired, invalid… */
export function messagePage(locale: SupportedLocale, key: MessageKey): string {
  const t = translator(locale);
  return page(locale, `<h1>${escapeHtml(t('page.title'))}</h1><p>${escapeHtml(t(key))}</p>`);
}
