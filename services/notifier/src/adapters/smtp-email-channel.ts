import nodemailer from 'nodemailer';
import type { ChannelSender, OutboundMessage } from '../app/ports.ts';
import { notifierError } from '../errors.ts';

export interface SmtpOptions {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
  timeoutMs: number;
  /** Connections kept open to the relay and reused by later messages (at most this many at once). */
  maxConnections: number;
}

/**
 * SMTP says it itself: 4xx replies are temporary, 5xx permanent; an address nodemailer cannot
 * even put on the envelope is permanent. Connection failures and anything unrecognised are
 * retried (bounded by the attempt limit): giving up on a security notice over a hiccup is worse.
 */
function classifySmtpError(error: unknown) {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    responseCode?: unknown;
    code?: unknown;
  };
  const message = error instanceof Error ? error.message : String(error);
  const permanent =
    (typeof fields.responseCode === 'number' && fields.responseCode >= 500) ||
    (fields.responseCode === undefined && fields.code === 'EENVELOPE');
  return permanent
    ? notifierError('CHANNEL_REJECTED', `SMTP rejected: ${message}`, {
        retryable: false,
        cause: error,
      })
    : notifierError('CHANNEL_UNAVAILABLE', `SMTP unavailable: ${message}`, {
        retryable: true,
        cause: error,
      });
}

export function createSmtpEmailChannel(options: SmtpOptions): ChannelSender {
  // Pooled: a connection (TCP, STARTTLS or TLS handshake, EHLO, AUTH) per message cost more than
  // the message, and a relay throttles clients that open one per mail. Messages beyond
  // maxConnections queue for a free connection; an idle one closes after timeoutMs.
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: options.maxConnections,
    maxMessages: 100,
    host: options.host,
    port: options.port,
    secure: options.secure,
    ...(options.user === undefined
      ? {}
      : { auth: { user: options.user, pass: options.password ?? '' } }),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  const domain = options.from.split('@')[1]?.replace(/>$/, '') ?? 'vigil.invalid';
  return {
    async send(message: OutboundMessage) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.address,
          subject: message.subject,
          text: message.text,
          // Stable per notice: if a crash makes us resend an accepted message, mail clients and
          // the provider can recognise the duplicate.
          messageId: `<${message.notificationId}@${domain}>`,
          headers: {
            'Content-Language': message.locale,
            'X-Vigil-Notification-Id': message.notificationId,
          },
        });
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close() {
      transport.close();
      return Promise.resolve();
    },
  };
}
