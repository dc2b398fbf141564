import { classifyError } from '@vigil/errors';
import { afterFailure, type RetryPolicy } from '@vigil/lifecycle';
import { maskEmail, maskPhone, type Logger } from '@vigil/observability';
import { chooseChannel } from '../domain/contact-preferences.ts';
import { CHANNELS, type Channel, type NotificationRecord } from '../domain/notification.ts';
import { renderNotice, type VerificationLink } from '../domain/templates/render-notification.ts';
import { notifierError } from '../errors.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type { ChannelSenders, Clock, ContactLookup, LinkSigner, OutboxStore } from './ports.ts';

export interface DeliverDeps {
  outbox: Pick<OutboxStore, 'markSent' | 'markRetry' | 'markDead'>;
  channels: ChannelSenders;
  linkSigner: LinkSigner;
  /** Public URL of GET /verify; the signed token is appended as `?t=`. */
  verifyUrl: string;
  /** Its `maxAttempts` counts the first send; the row is `dead` once the last one failed. */
  retry: RetryPolicy;
  metrics: Pick<NotifierMetrics, 'notifications' | 'deliveryLatency'>;
  clock: Clock;
  /** Jitter source of the backoff (0..1). */
  random?: () => number;
}

/** Providers echo the recipient in errors ("550 <bob@example.com> unknown"): mask it. */
function scrub(text: string, channel: Channel | null, address: string | undefined): string {
  if (address === undefined || address === '') return text;
  const masked =
    channel === 'email' ? maskEmail(address) : channel === 'sms' ? maskPhone(address) : '***';
  return text.split(address).join(masked);
}

function linkFor(row: NotificationRecord, deps: DeliverDeps): VerificationLink | undefined {
  if (row.kind !== 'verification_request') return undefined;
  const { token, expiresAt } = deps.linkSigner.sign(row.id);
  const url = new URL(deps.verifyUrl);
  url.searchParams.set('t', token);
  return { url: url.toString(), expiresAt: expiresAt.toISOString() };
}

/**
 * Delivers one claimed row: renders it in the customer's language, sends it on their first
 * usable channel and settles the attempt (sent / retry later with backoff / dead).
 */
export function createDeliverNotice(
  deps: DeliverDeps,
): (row: NotificationRecord, contacts: ContactLookup, logger: Logger) => Promise<void> {
  const available = CHANNELS.filter((channel) => deps.channels[channel] !== undefined);

  async function settleFailure(
    row: NotificationRecord,
    channel: Channel | null,
    address: string | undefined,
    error: unknown,
    log: Logger,
  ) {
    const failure = classifyError(error);
    const outcome = afterFailure(deps.retry, row.attempts, failure.retryable, deps.random);
    // Masked before it reaches the logs or the status API.
    const reason = scrub(`${failure.code}: ${failure.message}`, channel, address);
    const label = { channel: channel ?? 'none', kind: row.kind };
    if (outcome.status === 'give-up') {
      await deps.outbox.markDead(row.id, row.attempts, reason, channel);
      deps.metrics.notifications.inc({ ...label, status: 'dead' });
      log.error({ code: failure.code, reason, channel }, 'notification dead: giving up');
    } else {
      await deps.outbox.markRetry(row.id, row.attempts, outcome.delayMs, reason, channel);
      deps.metrics.notifications.inc({ ...label, status: 'failed' });
      log.warn(
        { code: failure.code, reason, channel, retryInMs: outcome.delayMs },
        'notification attempt failed',
      );
    }
  }

  return async (row, contacts, logger) => {
    const log = logger.child({
      notificationId: row.id,
      decisionId: row.decisionId,
      kind: row.kind,
      attempt: row.attempts,
    });
    let channel: Channel | null = null;
    let address: string | undefined;
    let locale: string;
    try {
      const prefs = contacts(row.accountId);
      const choice = prefs === undefined ? undefined : chooseChannel(prefs, available);
      // Retryable: the owning service may write the preferences moments after the account acts.
      if (prefs === undefined || choice === undefined) {
        throw notifierError(
          'NO_CONTACT',
          'no contact preferences or no usable channel for the account',
          { retryable: true },
        );
      }
      channel = choice.channel;
      address = choice.address;
      const sender = deps.channels[channel];
      if (sender === undefined)
        throw notifierError('NO_CONTACT', `channel ${channel} not configured`, {
          retryable: false,
        });
      const message = renderNotice(row, prefs, linkFor(row, deps));
      locale = message.locale;
      await sender.send({ notificationId: row.id, kind: row.kind, channel, address, ...message });
    } catch (error) {
      await settleFailure(row, channel, address, error, log);
      return;
    }
    // Outside the try: once the provider accepted, failing to record it must not count as a failed
    // send. If the store is down the row stays `sending` and is re-sent when its lease ends
    // (at-least-once); the stable Idempotency-Key / Message-ID lets providers drop that copy.
    await deps.outbox.markSent(row.id, row.attempts, channel, locale);
    deps.metrics.notifications.inc({ channel, kind: row.kind, status: 'sent' });
    deps.metrics.deliveryLatency.observe(
      { channel, kind: row.kind },
      (deps.clock() - row.decidedAt.getTime()) / 1000,
    );
    log.info({ channel }, 'notification sent');
  };
}
