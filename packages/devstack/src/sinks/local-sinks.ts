import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { startWebhookSink, type WebhookSink } from './webhook-sink.ts';

export type NoticeChannel = 'email' | 'sms' | 'push';

export interface LocalSinks {
  smtp: SmtpSink;
  webhooks: WebhookSink;
  /** Notices captured so far, by channel (what the demo's live summary shows). */
  countsByChannel(): Record<NoticeChannel, number>;
  close(): Promise<void>;
}

/** The customer-facing side of a local stack: a real SMTP server and a real SMS/push receiver. */
export async function startLocalSinks(options: { host?: string } = {}): Promise<LocalSinks> {
  const smtp = await startSmtpSink(options);
  const webhooks = await startWebhookSink(options).catch(async (error: unknown) => {
    await smtp.close();
    throw error;
  });
  return {
    smtp,
    webhooks,
    countsByChannel: () => ({
      email: smtp.messages.length,
      sms: webhooks.requests.filter((r) => r.channel === 'sms').length,
      push: webhooks.requests.filter((r) => r.channel === 'push').length,
    }),
    close: async () => {
      await Promise.all([smtp.close(), webhooks.close()]);
    },
  };
}
