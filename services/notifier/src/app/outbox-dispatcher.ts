import { classifyError } from '@vigil/errors';
import { afterFailure, PollingLoop, type RetryPolicy } from '@vigil/lifecycle';
import type { Logger } from 'pino';
import { maskEmail, maskPhone } from '@vigil/observability';
import type { ChannelSender } from './ports.ts';
import { chooseChannel, type ContactPreferences } from '../domain/contact-preferences.ts';
import { CHANNELS, type Channel } from '../domain/notification.ts';
import {
  renderNotification,
  type VerificationLink,
} from '../domain/templates/render-notification.ts';
import { notifierError } from '../errors.ts';
import type { NotifierMetrics } from '../metrics.ts';
import type { LinkSigner } from '../adapters/hmac-link-signer.ts';
import type { NotificationRecord } from '../adapters/pg-notification-row.ts';
import type { PgOutbox } from '../adapters/pg-outbox.ts';

function scrub(text: string, channel: Channel | null, address: string | undefined): string {
  if (address === undefined || address === '') return text;
  const masked =
    channel === 'email' ? maskEmail(address) : channel === 'sms' ? maskPhone(address) : '***';
  return text.split(address).join(masked);
}

export interface DispatcherOptions {
  outbox: Pick<
    PgOutbox,
    'claimDue' | 'markSent' | 'markRetry' | 'markDead' | 'oldestPendingAgeSeconds'
  >;
  contacts: { get(accountId: string): Promise<ContactPreferences | undefined> };
  channels: Partial<Record<Channel, ChannelSender>>;
  linkSigner: LinkSigner;
  /** Public URL of GET /verify; the signed token is appended as `?t=`. */
  verifyUrl: string;
  /** Its `maxAttempts` counts the first send; the row is `dead` once the last one failed. */
  retry: RetryPolicy;
  batchSize: number;
  /** Longer than the slowest send (channel timeout), or a live send could be claimed twice. */
  leaseMs: number;
  pollIntervalMs: number;
  metrics: NotifierMetrics;
  logger: Logger;
  random?: () => number;
}

/**
 * The outbox dispatcher: claims due rows, renders each in the customer's language, sends it on
 * their preferred channel and settles the row (sent / retry later with backoff / dead). Only rows
 * the consumer created from Kafka records exist, so nothing is sent for a decision never made.
 */
export class Dispatcher {
  private readonly available: Channel[];
  private readonly loop: PollingLoop;

  constructor(private readonly options: DispatcherOptions) {
    this.available = CHANNELS.filter((channel) => options.channels[channel] !== undefined);
    this.loop = new PollingLoop({
      name: 'dispatcher',
      tick: async () => (await this.runOnce()) === options.batchSize,
      intervalMs: options.pollIntervalMs,
      logger: options.logger,
      onError: () => options.metrics.loopErrors.inc({ loop: 'dispatcher' }),
    });
  }

  /** Claims and processes one batch; returns how many rows it claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.options.outbox.claimDue(this.options.batchSize, this.options.leaseMs);
    await Promise.all(rows.map((row) => this.deliver(row)));
    this.options.metrics.outboxOldestAge.set(await this.options.outbox.oldestPendingAgeSeconds());
    return rows.length;
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming; in-flight sends finish and settle before this resolves. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Healthy when an iteration reached PostgreSQL recently. */
  isHealthy(): boolean {
    return this.loop.isHealthy();
  }

  private async deliver(row: NotificationRecord): Promise<void> {
    const log = this.options.logger.child({
      notificationId: row.id,
      decisionId: row.decisionId,
      kind: row.kind,
      attempt: row.attempts,
    });
    let channel: Channel | null = null;
    let address: string | undefined;
    let locale: string;
    try {
      const prefs = await this.options.contacts.get(row.accountId);
      const choice = prefs === undefined ? undefined : chooseChannel(prefs, this.available);
      // Retryable: the owning service may write the preferences moments after the account acts.
      if (prefs === undefined || choice === undefined) {
        throw notifierError(
          'NO_CONTACT',
          'no contact preferences or no usable channel for the account',
          {
            retryable: true,
          },
        );
      }
      channel = choice.channel;
      address = choice.address;
      const sender = this.options.channels[channel];
      if (sender === undefined)
        throw notifierError('NO_CONTACT', `channel ${channel} not configured`, {
          retryable: false,
        });
      const message = renderNotification(row.kind, row.facts, prefs, this.linkFor(row));
      locale = message.locale;
      await sender.send({
        notificationId: row.id,
        kind: row.kind,
        channel,
        address: choice.address,
        ...message,
      });
    } catch (error) {
      await this.settleFailure(row, channel, address, error, log);
      return;
    }
    // Outside the try: once the provider accepted, failing to record it must not count as a failed
    // send. If PostgreSQL is down the row stays `sending` and is re-sent when its lease ends
    // (at-least-once); the stable Idempotency-Key / Message-ID lets providers drop that copy.
    await this.options.outbox.markSent(row.id, row.attempts, channel, locale);
    this.options.metrics.notifications.inc({ channel, kind: row.kind, status: 'sent' });
    this.options.metrics.deliveryLatency.observe(
      { channel, kind: row.kind },
      (Date.now() - row.decidedAt.getTime()) / 1000,
    );
    log.info({ channel }, 'notification sent');
  }

  private async settleFailure(
    row: NotificationRecord,
    channel: Channel | null,
    address: string | undefined,
    error: unknown,
    log: Logger,
  ) {
    const failure = classifyError(error);
    const outcome = afterFailure(
      this.options.retry,
      row.attempts,
      failure.retryable,
      this.options.random,
    );
    // Providers echo the recipient in errors ("550 <bob@example.com> unknown"): mask it before
    // it reaches the logs or the status API.
    const reason = scrub(`${failure.code}: ${failure.message}`, channel, address);
    const label = { channel: channel ?? 'none', kind: row.kind };
    if (outcome.status === 'give-up') {
      await this.options.outbox.markDead(row.id, row.attempts, reason, channel);
      this.options.metrics.notifications.inc({ ...label, status: 'dead' });
      log.error({ code: failure.code, reason, channel }, 'notification dead: giving up');
    } else {
      await this.options.outbox.markRetry(row.id, row.attempts, outcome.delayMs, reason, channel);
      this.options.metrics.notifications.inc({ ...label, status: 'failed' });
      log.warn(
        { code: failure.code, reason, channel, retryInMs: outcome.delayMs },
        'notification attempt failed',
      );
    }
  }

  private linkFor(row: NotificationRecord): VerificationLink | undefined {
    if (row.kind !== 'verification_request') return undefined;
    const { token, expiresAt } = this.options.linkSigner.sign(row.id);
    const url = new URL(this.options.verifyUrl);
    url.searchParams.set('t', token);
    return { url: url.toString(), expiresAt: expiresAt.toISOString() };
  }
}
