import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForCount } from './wait-for-count.ts';

export type WebhookChannel = 'sms' | 'push';

export interface CapturedWebhook {
  channel: WebhookChannel;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** The phone number (SMS `to`) or push token (`pushToken`) the provider would deliver to. */
  to: string | undefined;
  text: string | undefined;
  receivedAt: Date;
}

export interface WebhookSink {
  /** Where the notifier's SMS_WEBHOOK_URL / PUSH_WEBHOOK_URL point. */
  smsUrl: string;
  pushUrl: string;
  readonly requests: readonly CapturedWebhook[];
  requestsTo(recipient: string, channel?: WebhookChannel): CapturedWebhook[];
  waitForRequests(
    count: number,
    options?: { to?: string; channel?: WebhookChannel; timeoutMs?: number },
  ): Promise<CapturedWebhook[]>;
  close(): Promise<void>;
}

function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function channelOf(path: string): WebhookChannel | undefined {
  if (path.startsWith('/sms')) return 'sms';
  if (path.startsWith('/push')) return 'push';
  return undefined;
}

/**
 * A real HTTP server (node:http, a loopback port, ephemeral unless `port` is given) standing in for the SMS and push
 * providers: POST /sms and POST /push answer 200 and are recorded; anything else is a 404, so a
 * misrouted call shows up as a delivery failure rather than a silent success.
 */
export async function startWebhookSink(
  options: { host?: string; port?: number } = {},
): Promise<WebhookSink> {
  const host = options.host ?? '127.0.0.1';
  const requests: CapturedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const channel = channelOf(path);
      if (req.method !== 'POST' || channel === undefined) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":"not found"}');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Providers get JSON; keep whatever arrived so a test can show it.
      }
      requests.push({
        channel,
        method: req.method,
        path,
        headers: req.headers,
        body,
        to: channel === 'sms' ? field(body, 'to') : field(body, 'pushToken'),
        text: channel === 'sms' ? field(body, 'text') : field(body, 'body'),
        receivedAt: new Date(),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: true }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;
  const requestsTo = (recipient: string, channel?: WebhookChannel) =>
    requests.filter((r) => r.to === recipient && (channel === undefined || r.channel === channel));
  return {
    smsUrl: `${base}/sms`,
    pushUrl: `${base}/push`,
    requests,
    requestsTo,
    waitForRequests: (count, opts = {}) =>
      waitForCount(
        () =>
          requests.filter(
            (r) =>
              (opts.to === undefined || r.to === opts.to) &&
              (opts.channel === undefined || r.channel === opts.channel),
          ),
        count,
        {
          timeoutMs: opts.timeoutMs,
          what: `${count} webhook call(s)${opts.to === undefined ? '' : ` to ${opts.to}`}`,
        },
      ),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
