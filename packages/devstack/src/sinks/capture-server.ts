import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { capturePage } from './capture-page.ts';
import { verificationLinkIn, type CustomerMessage } from './customer-messages.ts';

export interface CaptureServer {
  /** The page listing every captured message; `<url>messages.json` is the same as JSON. */
  url: string;
  close(): Promise<void>;
}

const filterQuery = z.object({
  to: z.string().min(1).max(320).optional(),
  channel: z.enum(['email', 'sms', 'push']).optional(),
});

/**
 * Serves what the local sinks caught, so a person (or a test) can read what customers got:
 * `GET /` a page, `GET /messages.json` JSON, both newest first and filterable by `?to=` and
 * `?channel=`. Loopback only, read-only; the sinks keep the messages in memory.
 */
export async function startCaptureServer(options: {
  messages: () => CustomerMessage[];
  host?: string;
  port?: number;
}): Promise<CaptureServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = filterQuery.safeParse(Object.fromEntries(url.searchParams));
    if (req.method !== 'GET' || !query.success) {
      res.writeHead(req.method === 'GET' ? 400 : 405, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: query.success ? 'method not allowed' : 'bad filter' }));
      return;
    }
    const { to, channel } = query.data;
    const messages = options
      .messages()
      .filter(
        (m) =>
          (to === undefined || m.to.toLowerCase() === to.toLowerCase()) &&
          (channel === undefined || m.channel === channel),
      );
    if (url.pathname === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          messages: messages.map((m) => ({
            ...m,
            receivedAt: m.receivedAt.toISOString(),
            verificationLink: verificationLinkIn(m.text),
          })),
        }),
      );
    } else if (url.pathname === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(capturePage(messages, { to, channel }));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
