import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NoticeView } from '../domain/activity-model.ts';

// The notifier's internal read API as the console sees it (GET /internal/v1/accounts/<id>/notices
// with a bearer token; the real route has its own test in services/notifier), for the browser
// test: notices per account, and an outage on demand.

export interface FakeNotifier {
  url: string;
  token: string;
  notices: Map<string, NoticeView[]>;
  /** Answers 503 while true, as a notifier whose database is down. */
  down: boolean;
  close(): Promise<void>;
}

const ROUTE = /^\/internal\/v1\/accounts\/([^/]+)\/notices$/;

export async function startFakeNotifier(): Promise<FakeNotifier> {
  const token = randomBytes(18).toString('hex');
  const fake = { token, notices: new Map<string, NoticeView[]>(), down: false };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = ROUTE.exec(url.pathname);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!match?.[1] || req.method !== 'GET') return reply(404, { error: 'not found' });
    if (req.headers.authorization !== `Bearer ${token}`)
      return reply(401, { error: 'unauthorized' });
    if (fake.down) return reply(503, { error: 'temporarily unavailable' });
    const accountId = decodeURIComponent(match[1]);
    return reply(200, { accountId, notices: fake.notices.get(accountId) ?? [] });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  });
}
