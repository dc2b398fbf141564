import type { CapturedMail } from './smtp-sink.ts';
import type { CapturedWebhook, WebhookChannel } from './webhook-sink.ts';

/** One email, SMS or push as the customer would get it, whichever sink caught it. */
export interface CustomerMessage {
  channel: 'email' | WebhookChannel;
  /** Email address, phone number or push token. */
  to: string;
  /** The language the notifier wrote it in (Content-Language, or the webhook's `locale`). */
  locale: string | undefined;
  /** The notice kind, when the channel carries it (the webhooks do). */
  kind: string | undefined;
  /** Email subject or push title; SMS have none. */
  subject: string | undefined;
  text: string;
  receivedAt: Date;
}

function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Everything the sinks caught, newest first (what someone looking for "the last SMS" wants). */
export function customerMessages(
  mails: readonly CapturedMail[],
  webhooks: readonly CapturedWebhook[],
): CustomerMessage[] {
  const fromMail = mails.flatMap((mail) =>
    mail.to.map((to): CustomerMessage => ({
      channel: 'email',
      to,
      locale: mail.headers.get('content-language'),
      kind: undefined,
      subject: mail.subject,
      text: mail.text,
      receivedAt: mail.receivedAt,
    })),
  );
  const fromWebhooks = webhooks.map((call): CustomerMessage => ({
    channel: call.channel,
    to: call.to ?? '',
    locale: stringField(call.body, 'locale'),
    kind: stringField(call.body, 'kind'),
    subject: call.channel === 'push' ? stringField(call.body, 'title') : undefined,
    text: call.text ?? '',
    receivedAt: call.receivedAt,
  }));
  // Stable sort on a copy: same-millisecond messages keep their arrival order, reversed.
  return [...fromMail, ...fromWebhooks]
    .map((message, index) => ({ message, index }))
    .sort(
      (a, b) =>
        b.message.receivedAt.getTime() - a.message.receivedAt.getTime() || b.index - a.index,
    )
    .map(({ message }) => message);
}

/** http(s) URLs in a message text; trailing sentence punctuation is not part of them. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"'、。，）)]+/g)].map((match) =>
    match[0].replace(/[.,;:!?]+$/, ''),
  );
}

/** The "was this you?" link of a message: a /verify URL with a token, if it has one. */
export function verificationLinkIn(text: string): string | undefined {
  return linksIn(text).find((link) => {
    const url = new URL(link);
    return url.pathname.endsWith('/verify') && url.searchParams.has('t');
  });
}
