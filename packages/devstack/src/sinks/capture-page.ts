import { linksIn, verificationLinkIn, type CustomerMessage } from './customer-messages.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The text with its links clickable (opened in a new tab, so the list stays put). */
function linkify(text: string): string {
  let html = '';
  let rest = text;
  for (const link of linksIn(text)) {
    const at = rest.indexOf(link);
    html += escapeHtml(rest.slice(0, at));
    html += `<a href="${escapeHtml(link)}" target="_blank" rel="noreferrer">${escapeHtml(link)}</a>`;
    rest = rest.slice(at + link.length);
  }
  return html + escapeHtml(rest);
}

function card(message: CustomerMessage): string {
  const verify = verificationLinkIn(message.text);
  const meta = [
    message.channel.toUpperCase(),
    message.to,
    message.locale,
    message.kind,
    message.receivedAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
  ].filter((part): part is string => part !== undefined && part !== '');
  return `<article data-channel="${message.channel}"${message.locale === undefined ? '' : ` lang="${escapeHtml(message.locale)}"`}>
<p class="meta">${meta.map(escapeHtml).join(' · ')}</p>
${message.subject === undefined ? '' : `<h2>${escapeHtml(message.subject)}</h2>`}
<pre>${linkify(message.text)}</pre>
${verify === undefined ? '' : `<p><a class="verify" href="${escapeHtml(verify)}" target="_blank" rel="noreferrer">Open the verification page</a></p>`}
</article>`;
}

/**
 * The local capture as a page: every email, SMS and push the notifier sent, newest first, as the
 * customer would read it, with the verification links clickable. Demo and debugging only.
 */
export function capturePage(
  messages: readonly CustomerMessage[],
  filter: { to?: string | undefined; channel?: string | undefined },
): string {
  const scope = [filter.channel, filter.to].filter((part) => part !== undefined).join(' to ');
  const query = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  const json = `messages.json${query === '' ? '' : `?${query}`}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Captured messages${scope === '' ? '' : ` (${escapeHtml(scope)})`}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:0 auto;padding:1rem;background:#f4f5f7;color:#1f2328}
article{background:#fff;border:1px solid #d8dce1;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 .75rem}
.meta{margin:0;color:#57606a;font-size:.85rem}h2{font-size:1rem;margin:.4rem 0}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;margin:.4rem 0}
.verify{display:inline-block;padding:.4rem .8rem;border-radius:.4rem;background:#1a56db;color:#fff;text-decoration:none}</style></head>
<body><h1>Captured messages${scope === '' ? '' : ` <small>${escapeHtml(scope)}</small>`}</h1>
<p>${messages.length} message(s), newest first. Local SMTP and SMS/push sinks of the dev stack; as JSON: <a href="${escapeHtml(json)}">${escapeHtml(json)}</a>. Filter with <code>?to=</code> (address) and <code>?channel=</code> (email, sms, push).</p>
${messages.map(card).join('\n')}
</body></html>`;
}
