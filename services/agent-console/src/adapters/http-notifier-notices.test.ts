import { describe, expect, it } from 'vitest';
import { sampleNotices } from '../test-support/activity-fixtures.ts';
import { httpNoticeReader } from './http-notifier-notices.ts';

/** A reader whose fetch answers `respond` and records what it was asked. */
function readerAnswering(respond: () => Response | Promise<Response>) {
  const asked: { url: string; headers: Record<string, string> }[] = [];
  const reader = httpNoticeReader({
    baseUrl: 'http://notifier.internal:8080/',
    token: 'read-token-0123456789',
    deadlineMs: 1_000,
    fetch: (url, init) => {
      asked.push({
        url: url instanceof Request ? url.url : url.toString(),
        headers: init?.headers as Record<string, string>,
      });
      return Promise.resolve(respond());
    },
  });
  return { reader, asked };
}

const failure = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e as { code: string; retryable: boolean },
  );
  return error && { code: error.code, retryable: error.retryable };
};

describe('httpNoticeReader', () => {
  it("asks the notifier's read API with the bearer token and returns its notices", async () => {
    const { reader, asked } = readerAnswering(() =>
      Response.json({ accountId: 'acct/1', notices: sampleNotices() }),
    );
    await expect(reader.accountNotices('acct/1', 50)).resolves.toEqual(sampleNotices());
    expect(asked).toEqual([
      {
        url: 'http://notifier.internal:8080/internal/v1/accounts/acct%2F1/notices?limit=50',
        headers: { authorization: 'Bearer read-token-0123456789', accept: 'application/json' },
      },
    ]);
  });

  it('says unavailable (retryable) for an outage or a 5xx, and internal for a refusal or a bad answer', async () => {
    const down = readerAnswering(() => Promise.reject(new TypeError('fetch failed')));
    expect(await failure(down.reader.accountNotices('a', 5))).toEqual({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    const busy = readerAnswering(() => new Response('busy', { status: 503 }));
    expect(await failure(busy.reader.accountNotices('a', 5))).toEqual({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    const refused = readerAnswering(() =>
      Response.json({ error: 'unauthorized' }, { status: 401 }),
    );
    expect(await failure(refused.reader.accountNotices('a', 5))).toEqual({
      code: 'INTERNAL',
      retryable: false,
    });
    const odd = readerAnswering(() => Response.json({ notices: [{ kind: 'postcard' }] }));
    expect(await failure(odd.reader.accountNotices('a', 5))).toEqual({
      code: 'INTERNAL',
      retryable: false,
    });
  });
});
