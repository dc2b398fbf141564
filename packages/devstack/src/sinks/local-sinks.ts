import { startCaptureServer, type CaptureServer } from './capture-server.ts';
import { customerMessages, type CustomerMessage } from './customer-messages.ts';
import { startSmtpSink, type SmtpSink } from './smtp-sink.ts';
import { startWebhookSink, type WebhookSink } from './webhook-sink.ts';

export type NoticeChannel = 'email' | 'sms' | 'push';

export interface LocalSinks {
  smtp: SmtpSink;
  webhooks: WebhookSink;
  /** What customers were sent, readable over HTTP: a page at `capture.url`, JSON beside it. */
  capture: CaptureServer;
  /** Every captured email, SMS and push, newest first. */
  messages(): CustomerMessage[];
  /** Notices captured so far, by channel (what the demo's live summary shows). */
  countsByChannel(): Record<NoticeChannel, number>;
  close(): Promise<void>;
}

/** Ports to listen on; an absent or 0 port is picked by the system (what tests and the demo use). */
export interface LocalSinkPorts {
  smtp: number;
  webhooks: number;
  capture: number;
}

/**
 * The customer-facing side of a local stack: a real SMTP server, a real SMS/push receiver, and a
 * small HTTP server showing what they caught.
 */
export async function startLocalSinks(
  options: { host?: string; ports?: Partial<LocalSinkPorts> } = {},
): Promise<LocalSinks> {
  const { host, ports = {} } = options;
  const smtp = await startSmtpSink({ host, port: ports.smtp });
  const webhooks = await startWebhookSink({ host, port: ports.webhooks }).catch(
    async (error: unknown) => {
      await smtp.close();
      throw error;
    },
  );
  const messages = () => customerMessages(smtp.messages, webhooks.requests);
  const capture = await startCaptureServer({ host, port: ports.capture, messages }).catch(
    async (error: unknown) => {
      await Promise.all([smtp.close(), webhooks.close()]);
      throw error;
    },
  );
  return {
    smtp,
    webhooks,
    capture,
    messages,
    countsByChannel: () => ({
      email: smtp.messages.length,
      sms: webhooks.requests.filter((r) => r.channel === 'sms').length,
      push: webhooks.requests.filter((r) => r.channel === 'push').length,
    }),
    close: async () => {
      await Promise.all([smtp.close(), webhooks.close(), capture.close()]);
    },
  };
}
