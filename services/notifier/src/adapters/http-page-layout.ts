import { dialString, textColorOn, type Brand } from '../domain/brand.ts';
import type { SupportedLocale } from '../domain/locale-format.ts';
import type { Translate } from '../domain/templates/translator.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * One inline stylesheet (the CSP allows inline styles and nothing else): phone first, readable
 * at 360 px, large tap targets, system fonts (no web fonts to fetch). Brand colours are
 * `#rrggbb` (validated at start-up), so interpolating them cannot break out of the CSS.
 */
function stylesheet(brand: Brand): string {
  const onPrimary = textColorOn(brand.primaryColor);
  const onAlert = textColorOn(brand.alertColor);
  // A light brand colour is fine behind dark text but unreadable as link text on white.
  const link = onPrimary === '#ffffff' ? brand.primaryColor : '#1f2328';
  return `*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI","Hiragino Sans","PingFang SC","Noto Sans CJK JP","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f4f5f7;-webkit-text-size-adjust:100%}
header{background:${brand.primaryColor};color:${onPrimary};padding:.75rem 1rem;display:flex;align-items:center;gap:.6rem}
header img{height:2rem;width:auto;max-width:8rem}
.brand{font-weight:700;font-size:1.125rem}
main{max-width:32rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:1.5rem;line-height:1.3;margin:.25rem 0 .5rem}
.lead{margin:0 0 1rem;color:#3d444d}
.card{background:#fff;border:1px solid #d8dce1;border-radius:.75rem;padding:.25rem 1rem .25rem;margin:0 0 1.25rem}
.card h2{font-size:.875rem;color:#57606a;margin:.75rem 0 .25rem;font-weight:600}
dl{margin:0}
.also{margin:.25rem 0 .75rem;padding-left:1.1rem}.also li{margin:.35rem 0}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;column-gap:1rem;padding:.6rem 0;border-top:1px solid #eef0f2}
.row:first-child{border-top:0}
dt{color:#57606a}
dd{margin:0 0 0 auto;text-align:right;font-weight:600;overflow-wrap:anywhere}
.row.amount dd{font-size:1.3rem}
form{margin:0 0 1.1rem}
button{display:block;width:100%;min-height:3.5rem;padding:.75rem 1rem;border:0;border-radius:.75rem;font:inherit;font-size:1.125rem;font-weight:700;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid #1f2328;outline-offset:2px}
.yes{background:${brand.primaryColor};color:${onPrimary}}
.no{background:${brand.alertColor};color:${onAlert}}
.next{margin:.45rem .25rem 0;font-size:.9rem;color:#3d444d}
.note{font-size:.9rem;color:#3d444d;margin:1rem 0 0}
.outcome{background:#fff;border:1px solid #d8dce1;border-left:.35rem solid ${brand.primaryColor};border-radius:.75rem;padding:1rem}
.outcome.problem{border-left-color:${brand.alertColor}}
.outcome h1{font-size:1.3rem}
.outcome p{margin:.5rem 0 0}
.support{border-top:1px solid #d8dce1;margin-top:1.5rem;padding-top:1rem}
.support h2{font-size:1rem;margin:0 0 .25rem}
.support p{margin:.25rem 0}
.support a{display:inline-block;color:${link};font-weight:600;padding:.55rem 0}`;
}

/** Who to call or where to go; every page has it, above all the error pages. */
function supportBlock(brand: Brand, t: Translate): string {
  const links = [
    ...(brand.supportPhone === undefined
      ? []
      : [
          `<a href="tel:${escapeHtml(dialString(brand.supportPhone))}">${escapeHtml(t('page.support_call', { phone: brand.supportPhone }))}</a>`,
        ]),
    ...(brand.supportUrl === undefined
      ? []
      : [
          `<a href="${escapeHtml(brand.supportUrl)}" rel="noreferrer">${escapeHtml(t('page.support_web', { brand: brand.name }))}</a>`,
        ]),
  ];
  const body =
    links.length === 0
      ? `<p>${escapeHtml(t('page.support_app', { brand: brand.name }))}</p>`
      : links.map((link) => `<p>${link}</p>`).join('');
  return `<footer class="support"><h2>${escapeHtml(t('page.support'))}</h2>${body}</footer>`;
}

/** The branded frame around every verification page: header, content, support contact. */
export function layout(
  brand: Brand,
  locale: SupportedLocale,
  t: Translate,
  content: string,
): string {
  const logo =
    brand.logoDataUri === undefined ? '' : `<img src="${escapeHtml(brand.logoDataUri)}" alt="">`;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><meta name="color-scheme" content="light">
<title>${escapeHtml(`${t('page.title')} – ${brand.name}`)}</title>
<style>${stylesheet(brand)}</style></head>
<body><header>${logo}<span class="brand">${escapeHtml(brand.name)}</span></header>
<main>${content}${supportBlock(brand, t)}</main></body></html>`;
}
