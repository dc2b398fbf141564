import type { NotifierEnv } from './env.ts';
import type { ChannelSenders } from './app/ports.ts';
import { createHttpWebhookChannel } from './adapters/http-webhook-channel.ts';
import { createSmtpEmailChannel } from './adapters/smtp-email-channel.ts';

/**
 * Wiring, not policy: the channel adapters this deployment's settings configure. A channel without
 * settings is off (the dispatcher then never picks it).
 */
export function configuredChannels(env: NotifierEnv): ChannelSenders {
  const channels: ChannelSenders = {};
  if (env.SMTP_HOST !== undefined) {
    channels.email = createSmtpEmailChannel({
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      user: env.SMTP_USER,
      password: env.SMTP_PASSWORD,
      from: env.SMTP_FROM,
      timeoutMs: env.CHANNEL_TIMEOUT_MS,
      maxConnections: env.SMTP_MAX_CONNECTIONS,
    });
  }
  if (env.SMS_WEBHOOK_URL !== undefined) {
    channels.sms = createHttpWebhookChannel({
      url: env.SMS_WEBHOOK_URL,
      token: env.SMS_WEBHOOK_TOKEN,
      timeoutMs: env.CHANNEL_TIMEOUT_MS,
    });
  }
  if (env.PUSH_WEBHOOK_URL !== undefined) {
    channels.push = createHttpWebhookChannel({
      url: env.PUSH_WEBHOOK_URL,
      token: env.PUSH_WEBHOOK_TOKEN,
      timeoutMs: env.CHANNEL_TIMEOUT_MS,
    });
  }
  return channels;
}
