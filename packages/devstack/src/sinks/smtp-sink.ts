import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail } from './mime.ts';
import { waitForCount } from './wait-for-count.ts';

export interface CapturedMail {
  from: string | undefined;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  headers: Map<string, string>;
  receivedAt: Date;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** Every message accepted so far, in arrival order. */
  readonly messages: readonly CapturedMail[];
  /** Sessions the client dropped in the middle of a message (a sender killed mid-send). */
  abortedSessions(): number;
  messagesTo(address: string): CapturedMail[];
  /** Resolves with the messages (to `to`, when given) once there are at least `count` of them. */
  waitForMessages(
    count: number,
    options?: { to?: string; timeoutMs?: number },
  ): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A real SMTP server (smtp-server) on a loopback port (ephemeral unless `port` is given) that keeps every message. No
 * TLS and no AUTH: the notifier talks plain SMTP to it exactly as it would to a local relay.
 */
export async function startSmtpSink(
  options: { host?: string; port?: number } = {},
): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const messages: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Pooled clients keep connections open: close them after 0.5 s instead of waiting 30.
    closeTimeout: 500,
    // The notifier sends a handful of small messages; anything bigger is a bug worth seeing.
    size: 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = parseMail(Buffer.concat(chunks).toString('utf8'));
        const from = session.envelope.mailFrom;
        messages.push({
          from: from === false ? undefined : from.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          ...mail,
          receivedAt: new Date(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // smtp-server reports a client that went away mid-transaction (ECONNRESET, EPIPE) as an 'error'
  // of the server: without a listener that is an uncaught exception in whatever process runs the
  // sink (a notifier killed mid-send took down a test run). A relay counts it and carries on: the
  // message was never accepted, so the sender sends it again.
  let aborted = 0;
  server.on('error', () => {
    aborted += 1;
  });
  const messagesTo = (address: string) =>
    messages.filter((mail) => mail.to.some((rcpt) => sameAddress(rcpt, address)));
  return {
    host,
    port: (server.server.address() as AddressInfo).port,
    messages,
    abortedSessions: () => aborted,
    messagesTo,
    waitForMessages: (count, opts = {}) =>
      waitForCount(() => (opts.to === undefined ? [...messages] : messagesTo(opts.to)), count, {
        timeoutMs: opts.timeoutMs,
        what: `${count} mail(s)${opts.to === undefined ? '' : ` to ${opts.to}`}`,
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
