import type { ChannelSender, OutboundMessage } from '../app/ports.ts';
import { notifierError } from '../errors.ts';

export interface WebhookOptions {
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string | undefined;
  timeoutMs: number;
}

/** SMS providers get the phone number and the short text; push providers a token, title and body. */
function bodyFor(message: OutboundMessage): Record<string, string> {
  const common = {
    notificationId: message.notificationId,
    kind: message.kind,
    locale: message.locale,
  };
  return message.channel === 'push'
    ? { ...common, pushToken: message.address, title: message.subject, body: message.short }
    : { ...common, to: message.address, text: message.short };
}

/**
 * SMS and push over a provider's HTTP webhook: JSON POST with an `Idempotency-Key` (the
 * notification id) so a retry after a lost response is not a second text message. 5xx, 429,
 * timeouts and network errors are retryable; any other 4xx is a permanent rejection.
 */
export function createHttpWebhookChannel(options: WebhookOptions): ChannelSender {
  return {
    async send(message: OutboundMessage) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': message.notificationId,
            ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
          },
          body: JSON.stringify(bodyFor(message)),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw notifierError(
          'CHANNEL_UNAVAILABLE',
          `${message.channel} provider unreachable or slow`,
          {
            retryable: true,
            cause: error,
          },
        );
      }
      // Drain the body so the keep-alive connection is reusable.
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      if (response.ok) return;
      const retryable =
        response.status >= 500 || response.status === 429 || response.status === 408;
      throw notifierError(
        retryable ? 'CHANNEL_UNAVAILABLE' : 'CHANNEL_REJECTED',
        `${message.channel} provider answered ${response.status}: ${detail}`,
        { retryable, details: { status: response.status } },
      );
    },
  };
}
