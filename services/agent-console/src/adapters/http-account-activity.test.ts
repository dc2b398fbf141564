import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '@vigil/observability';
import { createConsoleApp, type ConsoleApp } from '../agent-console-app.ts';
import { consoleError } from '../domain/console-errors.ts';
import type { AccountActivityView, NoticeView } from '../domain/activity-model.ts';
import { sampleLedger, sampleNotices } from '../test-support/activity-fixtures.ts';
import { createFakeCaseService, type FakeCaseService } from '../test-support/fake-case-service.ts';

// GET /api/accounts/:accountId/activity through Fastify inject: case-service (a fake with the
// same rules) as the signed-in agent, the notifier's notices through a fake reader; each source
// fails on its own and the answer says which.

const ANN = 'ann-token-0123456789abcdef';
const ACCOUNT = 'acct-activity';

let fake: FakeCaseService;
let notices: () => Promise<NoticeView[]>;
let app: ConsoleApp | undefined;

beforeEach(() => {
  fake = createFakeCaseService({ [ANN]: { principal: 'agent-ann', role: 'agent' } });
  fake.activity.set(ACCOUNT, sampleLedger());
  notices = () => Promise.resolve(sampleNotices());
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

/** A console over the fakes (`withNotifier: false`: as if NOTIFIER_URL were unset). */
async function startConsole(withNotifier = true) {
  app = await createConsoleApp({
    connect: fake.connect,
    notices: withNotifier ? { accountNotices: () => notices() } : undefined,
    logger: pino({ level: 'silent' }),
    registry: createMetricsRegistry('agent-console-test'),
    policy: { idleMs: 60_000, maxAgeMs: 3_600_000, signInAttempts: 5, signInWindowMs: 60_000 },
    slaSeconds: 3_600,
    cookieSecure: true,
    trustProxy: false,
  });
  const server = app;
  const signIn = await server.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { token: ANN },
  });
  const cookie = signIn.cookies.find((c) => c.name === 'vigil_session')?.value ?? '';
  return async (signedIn = true) => {
    const response = await server.app.inject({
      url: `/api/accounts/${ACCOUNT}/activity`,
      headers: signedIn ? { cookie: `vigil_session=${cookie}` } : {},
    });
    return { status: response.statusCode, body: response.json<AccountActivityView>() };
  };
}

describe('account activity API', () => {
  it("returns the ledger (asked as the agent) and the customer's notices", async () => {
    const { status, body } = await (await startConsole())();
    expect(status).toBe(200);
    expect(body).toEqual({
      accountId: ACCOUNT,
      ledger: { state: 'ok', data: sampleLedger() },
      notices: { state: 'ok', data: sampleNotices() },
    });
    expect(fake.calls.filter((c) => c.method === 'GetAccountActivity')).toEqual([
      {
        method: 'GetAccountActivity',
        principal: 'agent-ann',
        args: { accountId: ACCOUNT, limit: 50 },
      },
    ]);
  });

  it('reports a notifier failure in the notices section only', async () => {
    notices = () => Promise.reject(consoleError('UNAVAILABLE', 'the notifier is unavailable'));
    const { status, body } = await (await startConsole())();
    expect(status).toBe(200);
    expect(body.ledger.state).toBe('ok');
    expect(body.notices).toEqual({
      state: 'failed',
      error: { code: 'UNAVAILABLE', message: 'the notifier is unavailable', retryable: true },
    });
  });

  it('reports a case-service outage in the ledger section only', async () => {
    const activity = await startConsole();
    fake.down = true;
    const { status, body } = await activity();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ledger: { state: 'failed', error: { code: 'UNAVAILABLE', retryable: true } },
      notices: { state: 'ok' },
    });
  });

  it('hides an unexpected failure behind "internal error"', async () => {
    notices = () => Promise.reject(new Error('socket hang up at 10.0.0.7'));
    const { body } = await (await startConsole())();
    expect(body.notices).toEqual({
      state: 'failed',
      error: { code: 'INTERNAL', message: 'internal error', retryable: false },
    });
  });

  it('says the notices are not configured when the console has no notifier', async () => {
    const { body } = await (await startConsole(false))();
    expect(body.notices).toEqual({ state: 'not_configured' });
    expect(body.ledger.state).toBe('ok');
  });

  it('refuses without a session', async () => {
    const activity = await startConsole();
    expect((await activity(false)).status).toBe(401);
  });
});
